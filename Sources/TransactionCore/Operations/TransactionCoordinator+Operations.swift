import Logging
import SeataProtocol

extension TransactionCoordinator {
    /// Stops the retry jobs on a session (Seata's stopGlobalSession): a commit retrying becomes
    /// StopCommitOrCommitRetry, a rollback retrying StopRollbackOrRollbackRetry, and no job drives it
    /// until `startRetry`.
    ///
    /// Every action here takes the xid's lock (requests and jobs on the session wait or skip),
    /// reads the session again under it, checks its state (`OperatorRules`), and changes it only by
    /// compare-and-set, so it is safe against TMs, RMs, the jobs and other coordinators; each is
    /// logged with `who`.
    ///
    /// - Throws: `OperatorError`: `.notFound`, `.refused` (with the reason), `.changedMeanwhile`,
    ///   `.storeFailed`.
    public func stopRetry(xid: String, by who: Operator) async throws(OperatorError) -> OperatorOutcome {
        try await act(.stopRetry, xid: xid, by: who) { session throws(OperatorError) in
            switch OperatorRules.stop(session.status) {
            case .refused(let reason):
                throw OperatorError(.refused, "Cannot stop xid = \(xid): \(reason)", status: session.status)
            case .allowed(let target):
                try await operatorChange(session, to: target)
                return OperatorOutcome(
                    action: .stopRetry,
                    xid: xid,
                    before: session.status,
                    after: target,
                    message:
                        "Retries stopped (\(session.status) → \(target)); no job drives it until it is started again"
                )
            }
        }
    }

    /// Lets the retry jobs drive a stopped session again (Seata's startGlobalSession).
    ///
    /// - Throws: `OperatorError` as `stopRetry`.
    public func startRetry(xid: String, by who: Operator) async throws(OperatorError) -> OperatorOutcome {
        try await act(.startRetry, xid: xid, by: who) { session throws(OperatorError) in
            switch OperatorRules.start(session.status) {
            case .refused(let reason):
                throw OperatorError(.refused, "Cannot start xid = \(xid): \(reason)", status: session.status)
            case .allowed(let target):
                try await operatorChange(session, to: target)
                var message = "Retries started again (\(session.status) → \(target))"
                let settings = settings()
                let limit =
                    target == .commitRetrying ? settings.maxCommitRetryTimeout : settings.maxRollbackRetryTimeout
                if RetryLimit.isExceeded(limit, beginTime: session.beginTime, now: clock()) {
                    let key =
                        target == .commitRetrying ? "server.maxCommitRetryTimeout" : "server.maxRollbackRetryTimeout"
                    message +=
                        "; \(key) has passed since its begin, so the next job run ends it as a retry timeout: "
                        + "re-drive it instead to try once more"
                }
                return OperatorOutcome(
                    action: .startRetry,
                    xid: xid,
                    before: session.status,
                    after: target,
                    message: message
                )
            }
        }
    }

    /// Drives the decided commit or rollback once more, now (Seata's sendCommitOrRollback and
    /// changeGlobalStatus): for a session retrying, stopped, or in a failed final.
    ///
    /// The session moves to the retrying status of its direction and phase two runs over its
    /// remaining branches (AT ones included). When every branch is done, the session ends
    /// (Committed, Rollbacked). When an RM still cannot, a stopped or failed-final session goes
    /// back to the status it had (the outcome lists what each RM answered); a retrying one stays
    /// with the jobs. An RM that refuses for good makes it CommitFailed / RollbackFailed.
    ///
    /// - Throws: `OperatorError`: `.notCompleted` with the RMs' answers, and those of `stopRetry`.
    public func redrive(xid: String, by who: Operator) async throws(OperatorError) -> OperatorOutcome {
        try await act(.redrive, xid: xid, by: who) { session throws(OperatorError) in
            guard case .allowed(let plan) = OperatorRules.redrive(session) else {
                if case .refused(let reason) = OperatorRules.redrive(session) {
                    throw OperatorError(.refused, "Cannot re-drive xid = \(xid): \(reason)", status: session.status)
                }
                preconditionFailure("a rule is allowed or refused")
            }
            if session.status != plan.driving { try await operatorChange(session, to: plan.driving) }
            var driving = session
            driving.status = plan.driving
            driving.isActive = false
            let (outcome, answers) = try await operatorDrive(plan.direction, driving)
            let what = plan.direction == .commit ? "commit" : "rollback"
            if Self.ends(outcome) {
                return OperatorOutcome(
                    action: .redrive,
                    xid: xid,
                    before: session.status,
                    after: nil,
                    message: "Re-driven: \(outcome) (\(answers.count) branch call\(answers.count == 1 ? "" : "s"))",
                    branches: answers
                )
            }
            if outcome.isFailedFinal {
                throw OperatorError(
                    .notCompleted,
                    "The \(what) of xid = \(xid) was refused for good by an RM; it is kept as \(outcome): "
                        + Self.failures(answers),
                    status: outcome,
                    branches: answers
                )
            }
            var kept = outcome
            if outcome == plan.driving && session.status != plan.driving {
                var current = driving
                current.status = outcome
                try await operatorChange(current, to: session.status)
                kept = session.status
            }
            throw OperatorError(
                .notCompleted,
                "The \(what) of xid = \(xid) did not finish: \(Self.failures(answers)); it is kept as \(kept)"
                    + (kept == plan.driving ? " and the retry job goes on" : ""),
                status: kept,
                branches: answers
            )
        }
    }

    /// Deletes a session: rolls its remaining branches back first (the protocol has no
    /// BranchDelete), then removes it with its row locks (Seata's deleteGlobalSession).
    ///
    /// The session is Deleting meanwhile (no job drives it). Refused for an open session, a saga,
    /// and a transaction decided to commit (see `OperatorRules`); when an RM does not confirm, the
    /// session goes back to its status, with the RMs' answers. `force` removes it without calling
    /// any RM (Seata's forceDeleteGlobalSession), for any session but an open one.
    ///
    /// - Throws: `OperatorError` as `redrive`.
    public func deleteSession(xid: String, force: Bool, by who: Operator) async throws(OperatorError)
        -> OperatorOutcome
    {
        try await act(force ? .forceDelete : .delete, xid: xid, by: who) { session throws(OperatorError) in
            let rule = force ? OperatorRules.forceDelete(session) : OperatorRules.delete(session)
            if case .refused(let reason) = rule {
                throw OperatorError(.refused, "Cannot delete xid = \(xid): \(reason)", status: session.status)
            }
            if force || session.branches.isEmpty {
                try await operatorRemove(session)
                let count = session.branches.count
                return OperatorOutcome(
                    action: force ? .forceDelete : .delete,
                    xid: xid,
                    before: session.status,
                    after: nil,
                    message: count == 0
                        ? "Deleted (it had no branches)"
                        : "Deleted with its \(count) branch\(count == 1 ? "" : "es") and their row locks; no RM was called"
                )
            }
            if session.status != .deleting { try await operatorChange(session, to: .deleting) }
            var deleting = session
            deleting.status = .deleting
            deleting.isActive = false
            let (outcome, answers) = try await operatorDrive(.rollback, deleting)
            if Self.ends(outcome) {
                return OperatorOutcome(
                    action: .delete,
                    xid: xid,
                    before: session.status,
                    after: nil,
                    message: "Deleted after rolling back its branches",
                    branches: answers
                )
            }
            var kept = outcome
            if outcome == .deleting && session.status != .deleting {
                var current = deleting
                current.status = .deleting
                try await operatorChange(current, to: session.status)
                kept = session.status
            }
            throw OperatorError(
                .notCompleted,
                "xid = \(xid) was not deleted: \(Self.failures(answers)); it is kept as \(kept). When its RMs cannot "
                    + "roll back, force-delete it (forceDeleteGlobalSession) to forget it without them",
                status: kept,
                branches: answers
            )
        }
    }

    /// Deletes one branch: rolls it back at its RM first (nothing to undo for a branch that failed
    /// in phase one), then removes it and its row locks (Seata's deleteBranchSession); `force`
    /// removes it without calling its RM (forceDeleteBranchSession).
    ///
    /// - Throws: `OperatorError` as `redrive`; `.notFound` for an unknown branch.
    public func deleteBranch(xid: String, branchId: Int64, force: Bool, by who: Operator) async throws(OperatorError)
        -> OperatorOutcome
    {
        let action: OperatorAction = force ? .forceDeleteBranch : .deleteBranch
        return try await act(action, xid: xid, branchId: branchId, by: who) { session throws(OperatorError) in
            guard let branch = session.branches.first(where: { $0.branchId == branchId }) else {
                throw OperatorError(
                    .notFound,
                    "Branch session xid = \(xid) branchId = \(branchId) is not exist, may be finished",
                    status: session.status
                )
            }
            var callFirst = false
            if force {
                if case .refused(let reason) = OperatorRules.forceDeleteBranch(branch, of: session) {
                    throw OperatorError(.refused, "Cannot delete branch \(branchId): \(reason)", status: session.status)
                }
            } else {
                switch OperatorRules.deleteBranch(branch, of: session) {
                case .refused(let reason):
                    throw OperatorError(.refused, "Cannot delete branch \(branchId): \(reason)", status: session.status)
                case .allowed(let deletion):
                    callFirst = deletion == .rollbackFirst
                }
            }
            var answers: [BranchCallOutcome] = []
            if callFirst {
                let answer = await call(branch, .rollback)
                answers.append(Self.outcome(branch, .rollback, answer))
                guard answer == .status(.phaseTwoRollbacked) else {
                    throw OperatorError(
                        .notCompleted,
                        "Branch \(branchId) was not deleted: \(Self.failures(answers)); it is kept. When its RM cannot "
                            + "roll it back, force-delete it (forceDeleteBranchSession)",
                        status: session.status,
                        branches: answers
                    )
                }
            }
            do {
                try await store.deleteBranch(xid: xid, branchId: branchId, releaseLocks: true, durability: .answer)
            } catch {
                throw OperatorError(
                    .storeFailed,
                    "Could not remove branch xid = \(xid) branchId = \(branchId): \(error)"
                )
            }
            return OperatorOutcome(
                action: action,
                xid: xid,
                before: session.status,
                after: session.status,
                message: callFirst
                    ? "Branch \(branchId) rolled back at its RM and removed with its row locks"
                    : "Branch \(branchId) removed with its row locks; its RM was not called",
                branches: answers
            )
        }
    }

    /// Releases one row lock held by `xid` (Seata's globalLock/delete): allowed for a lock whose
    /// session is gone, or whose session is not open and not rolling back (a failed final, a
    /// stopped one); refused otherwise with the reason.
    ///
    /// - Parameters:
    ///   - xid: The session holding the row.
    ///   - branchId: The branch that took the row, when the caller names it (checked).
    ///   - resourceId: The row's resource.
    ///   - tableName: The row's table.
    ///   - pk: The row's primary key.
    ///   - who: The operator.
    /// - Returns: What was done.
    /// - Throws: `OperatorError`: `.notFound` when `xid` holds no such row, `.refused`, `.storeFailed`,
    ///   `.unsupported`.
    public func releaseLock(
        xid: String,
        branchId: Int64?,
        resourceId: String,
        tableName: String,
        pk: String,
        by who: Operator
    ) async throws(OperatorError) -> OperatorOutcome {
        let rowKey = LockKey.rowKey(resourceId: resourceId, tableName: tableName, pk: pk)
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        do throws(OperatorError) {
            let store = try consoleStore()
            let held: RowLock?
            do {
                held = try await store.lockedRows([rowKey]).first
            } catch {
                throw OperatorError(.storeFailed, "Could not read row lock \(rowKey): \(error)")
            }
            guard let held, held.xid == xid else {
                throw OperatorError(
                    .notFound,
                    "xid = \(xid) holds no row lock \(rowKey)" + (held.map { " (xid = \($0.xid) holds it)" } ?? "")
                )
            }
            if let branchId, held.branchId != branchId {
                throw OperatorError(
                    .notFound,
                    "Row lock \(rowKey) was taken by branch \(held.branchId), not \(branchId)"
                )
            }
            let session = try await operatorRead(xid)
            if case .refused(let reason) = OperatorRules.releaseLock(heldBy: session) {
                throw OperatorError(.refused, "Cannot release row lock \(rowKey): \(reason)", status: session?.status)
            }
            let released: Bool
            do {
                released = try await store.releaseLock(rowKey: rowKey, xid: xid, durability: .answer)
            } catch {
                throw OperatorError(.storeFailed, "Could not release row lock \(rowKey): \(error)")
            }
            guard released else {
                throw OperatorError(.changedMeanwhile, "Row lock \(rowKey) was released meanwhile")
            }
            let outcome = OperatorOutcome(
                action: .releaseLock,
                xid: xid,
                before: session?.status,
                after: session?.status,
                message: "Row lock \(rowKey) released"
                    + (session == nil ? " (its global session is gone)" : " (held by branch \(held.branchId))")
            )
            logDone(outcome, branchId: held.branchId, by: who)
            return outcome
        } catch {
            logRefused(.releaseLock, xid: xid, branchId: branchId, error, by: who)
            throw error
        }
    }

    // MARK: - Steps

    /// Holds the xid's lock, reads the session (404 without one), runs `body`, logs the result.
    private func act(
        _ action: OperatorAction,
        xid: String,
        branchId: Int64? = nil,
        by who: Operator,
        _ body: (GlobalSession) async throws(OperatorError) -> OperatorOutcome
    ) async throws(OperatorError) -> OperatorOutcome {
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        do throws(OperatorError) {
            guard let session = try await operatorRead(xid) else {
                throw OperatorError(.notFound, "Global session xid = \(xid) is not exist, may be finished")
            }
            let outcome = try await body(session)
            logDone(outcome, branchId: branchId, by: who)
            return outcome
        } catch {
            logRefused(action, xid: xid, branchId: branchId, error, by: who)
            throw error
        }
    }

    /// Compare-and-set from the session's status to `target`.
    private func operatorChange(_ session: GlobalSession, to target: GlobalStatus) async throws(OperatorError) {
        let changed: Bool
        do {
            changed = try await change(
                StatusChange(xid: session.xid, expected: session.status, status: target, durability: .answer)
            )
        } catch {
            throw OperatorError(.storeFailed, error.message)
        }
        guard changed else {
            let now = try? await currentStatus(session.xid)
            throw OperatorError(
                .changedMeanwhile,
                "xid = \(session.xid) changed meanwhile (it was \(session.status), now \(now.map { "\($0)" } ?? "gone")); "
                    + "look at it again",
                status: now
            )
        }
    }

    /// Removes the session as it is, with its branches and row locks.
    private func operatorRemove(_ session: GlobalSession) async throws(OperatorError) {
        let removed: Bool
        do {
            removed = try await delete(session.xid, expected: session.status)
        } catch {
            throw OperatorError(.storeFailed, error.message)
        }
        guard removed else {
            throw OperatorError(.changedMeanwhile, "xid = \(session.xid) changed meanwhile; look at it again")
        }
    }

    /// One retry pass of phase two over `session`, collecting the RMs' answers.
    private func operatorDrive(_ direction: PhaseTwoDriver.Direction, _ session: GlobalSession)
        async throws(OperatorError) -> (GlobalStatus, [BranchCallOutcome])
    {
        var answers: [BranchCallOutcome] = []
        var driver = PhaseTwoDriver(
            direction,
            session: session,
            retrying: true,
            now: clock(),
            xaerNotaRetryTimeout: settings().xaerNotaRetryTimeout
        )
        do {
            let outcome = try await drive(&driver, session: session) { branch, phase, answer in
                answers.append(Self.outcome(branch, phase, answer))
            }
            return (outcome, answers)
        } catch {
            throw OperatorError(.storeFailed, error.message, branches: answers)
        }
    }

    private static func ends(_ status: GlobalStatus) -> Bool {
        [.committed, .rollbacked, .timeoutRollbacked, .finished].contains(status)
    }

    private static func outcome(_ branch: BranchSession, _ phase: PhaseTwoCall, _ answer: BranchAnswer)
        -> BranchCallOutcome
    {
        var status: BranchStatus?
        if case .status(let answered) = answer { status = answered }
        return BranchCallOutcome(
            branchId: branch.branchId,
            resourceId: branch.resourceId,
            clientId: branch.clientId,
            call: phase,
            answer: status
        )
    }

    /// The calls that did not succeed, for a message.
    private static func failures(_ answers: [BranchCallOutcome]) -> String {
        let failed = answers.filter { $0.answer != .phaseTwoCommitted && $0.answer != .phaseTwoRollbacked }
        if failed.isEmpty { return "no RM was reached" }
        return failed.map(\.line).joined(separator: "; ")
    }

    private func logDone(_ outcome: OperatorOutcome, branchId: Int64?, by who: Operator) {
        var metadata: Logger.Metadata = [
            "operator": "\(who.name)", "action": "\(outcome.action)", "xid": "\(outcome.xid)",
            "before": "\(outcome.before.map { "\($0)" } ?? "none")",
            "after": "\(outcome.after.map { "\($0)" } ?? "removed")",
        ]
        if let address = who.address { metadata["from"] = "\(address)" }
        if let branchId { metadata["branchId"] = "\(branchId)" }
        logger.notice("Operator action done: \(outcome.message)", metadata: metadata)
    }

    private func logRefused(
        _ action: OperatorAction,
        xid: String,
        branchId: Int64?,
        _ error: OperatorError,
        by who: Operator
    ) {
        var metadata: Logger.Metadata = [
            "operator": "\(who.name)", "action": "\(action)", "xid": "\(xid)", "result": "\(error.kind)",
        ]
        if let address = who.address { metadata["from"] = "\(address)" }
        if let branchId { metadata["branchId"] = "\(branchId)" }
        if let status = error.status { metadata["status"] = "\(status)" }
        logger.notice("Operator action not done: \(error.message)", metadata: metadata)
    }
}
