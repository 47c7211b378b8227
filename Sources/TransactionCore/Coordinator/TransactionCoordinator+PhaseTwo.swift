import SeataProtocol

extension TransactionCoordinator {
    /// Carries out a phase-two drive step by step; returns the status it stopped in.
    ///
    /// Branch removals and the session's end are `deferred` writes: the decision before them is
    /// durable, so losing them in a crash only sends phase two again. A removal that releases no
    /// row locks waits for the next status change or the end of the drive, and goes unwritten when
    /// the session ends (its end removes every branch): a TCC commit or rollback then writes its
    /// end alone instead of one removal per branch first. A store failure stops the drive with
    /// `FailedWriteSession`; the session stays as the store has it and the recovery jobs finish
    /// it. `onAnswer` sees every RM's answer (an operator's re-drive reports them).
    func drive(
        _ driver: inout PhaseTwoDriver,
        session: GlobalSession,
        onAnswer: (BranchSession, PhaseTwoCall, BranchAnswer) -> Void = { _, _, _ in }
    ) async throws(TransactionError) -> GlobalStatus {
        let xid = session.xid
        var current = session
        var unwritten: [BranchSession] = []
        while true {
            switch driver.next() {
            case .call(let branch, let phase):
                let answer = await call(branch, phase)
                onAnswer(branch, phase, answer)
                driver.record(answer)
            case .removeBranch(let branch, let releaseLocks):
                if releaseLocks && branch.branchType == .at {
                    // Its row locks go at once: other transactions may be waiting for them.
                    try await remove(branch, releaseLocks: true)
                } else {
                    unwritten.append(branch)
                }
                current.branches.removeAll { $0.branchId == branch.branchId }
            case .changeStatus(let from, let to, let locks):
                try await remove(unwritten)
                unwritten = []
                let changed = try await change(
                    StatusChange(xid: xid, expected: from, status: to, locks: locks, durability: .answer)
                )
                guard changed else {
                    driver.lostRace(currentStatus: try await currentStatus(xid))
                    continue
                }
                current.status = to
                if to.isFailedFinal { ended(current, status: to) }
            case .endSession(let from, let final):
                // The end of a session in phase two need not be durable before the answer: its
                // decision already is, so a restart that finds it again drives it to the same end
                // (phase two is idempotent at the RMs). One fsync less per transaction in sync mode.
                guard try await delete(xid, expected: from, durability: phaseTwoEnd(from)) else {
                    driver.lostRace(currentStatus: try await currentStatus(xid))
                    continue
                }
                unwritten = []
                ended(current, status: final)
            case .stop(let status):
                try await remove(unwritten)
                return status
            }
        }
    }

    /// Removes finished branches whose removal waited (see `drive`), in order.
    private func remove(_ branches: [BranchSession]) async throws(TransactionError) {
        for branch in branches { try await remove(branch, releaseLocks: false) }
    }

    private func remove(_ branch: BranchSession, releaseLocks: Bool) async throws(TransactionError) {
        do {
            try await store.deleteBranch(
                xid: branch.xid,
                branchId: branch.branchId,
                releaseLocks: releaseLocks,
                durability: .deferred
            )
        } catch {
            throw TransactionError(
                .failedWriteSession,
                "Could not remove branch xid = \(branch.xid) branchId = \(branch.branchId): \(error)"
            )
        }
    }

    /// How durable the end of a session must be before its answer: deferred after a durable
    /// phase-two decision, at once for anything else (a session that ends from Begin).
    private func phaseTwoEnd(_ from: GlobalStatus) -> Durability {
        from == .begin ? .answer : .deferred
    }

    /// One BranchCommit or BranchRollback; a thrown error (not connected, timed out) is an
    /// unreachable RM.
    func call(_ branch: BranchSession, _ phase: PhaseTwoCall) async -> BranchAnswer {
        let start = ContinuousClock.now
        var answer: BranchStatus?
        do {
            switch phase {
            case .commit: answer = try await messenger.commit(branch)
            case .rollback: answer = try await messenger.rollback(branch)
            }
        } catch {
            logger.info(
                "Branch \(phase) could not be sent or was not answered; will retry",
                metadata: [
                    "xid": "\(branch.xid)", "branchId": "\(branch.branchId)", "resourceId": "\(branch.resourceId)",
                    "clientId": "\(branch.clientId)", "error": "\(error)",
                ]
            )
        }
        observer.branchCalled(branch, phase: phase, answer: answer, latency: ContinuousClock.now - start)
        return answer.map(BranchAnswer.status) ?? .unreachable
    }
}
