public import SeataProtocol

extension TransactionCoordinator {
    /// GlobalBegin: opens a global transaction and returns its xid.
    ///
    /// - Parameters:
    ///   - applicationId: The TM connection's application id (RegisterTM).
    ///   - transactionServiceGroup: The TM connection's transaction service group.
    ///   - name: The transaction name from the request (may be empty).
    ///   - timeout: Milliseconds; 0 or less takes `CoreSettings.defaultTransactionTimeout`.
    /// - Returns: The xid, `"<host>:<port>:<transactionId>"`.
    /// - Throws: `FailedWriteSession` when the store cannot record it.
    public func begin(
        applicationId: String,
        transactionServiceGroup: String,
        name: String,
        timeout: Int
    ) async throws(TransactionError) -> String {
        let timeout = timeout > 0 ? timeout : Int(settings().defaultTransactionTimeout.milliseconds)
        let transactionId = ids.next()
        let session = GlobalSession(
            xid: Xid.make(host: host, port: port, transactionId: transactionId),
            transactionId: transactionId,
            applicationId: applicationId,
            transactionServiceGroup: transactionServiceGroup,
            transactionName: name,
            timeout: timeout,
            beginTime: clock()
        )
        do {
            try await store.insertGlobal(session, durability: .opening)
        } catch {
            throw TransactionError(.failedWriteSession, "Could not store the new global session: \(error)")
        }
        observer.began(session)
        return session.xid
    }

    /// GlobalCommit: decides to commit an open transaction and drives phase two.
    ///
    /// Only a session in `Begin` commits: it is closed, its row locks are released, and either
    /// (all branches AT) it becomes AsyncCommitting and the answer is Committed at once (its
    /// branches are committed right after, in the background), or it
    /// becomes Committing and its other branches get BranchCommit in registration order before
    /// the answer (Committed, CommitRetrying when an RM could not commit yet, CommitFailed when
    /// one refused for good). An unknown xid answers Finished; a session already decided answers
    /// its status (AsyncCommitting as Committed); a session past its timeout becomes
    /// TimeoutRollbacking and answers so.
    public func commit(xid: String) async throws(TransactionError) -> GlobalStatus {
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        var attempts = 0
        while true {
            guard let session = try await read(xid, toDecide: attempts) else { return .finished }
            // A decision that found the row changed since the read (a branch registered on
            // another coordinator, or the store's copy stale) is taken again on a fresh read; past
            // the bound, the answer is what the session is now.
            attempts += 1
            let retry = attempts < Self.decisionAttempts
            switch CommitDecision.decide(session, now: clock()) {
            case .answer(let status):
                return status
            case .timeOut:
                guard let status = try await timeOut(session) else {
                    if retry { continue }
                    return try await commitAnswerAfterRace(xid)
                }
                return status
            case .endEmpty:
                guard try await delete(xid, expected: .begin, revision: session.storeRevision) else {
                    if retry { continue }
                    return try await commitAnswerAfterRace(xid)
                }
                ended(session, status: .committed)
                return .committed
            case .commitAsync:
                guard try await change(Self.decision(session, to: .asyncCommitting, locks: .release)) else {
                    if retry { continue }
                    return try await commitAnswerAfterRace(xid)
                }
                commitATBranchesSoon(xid)
                return .committed
            case .commitNow:
                guard try await change(Self.decision(session, to: .committing, locks: .release)) else {
                    if retry { continue }
                    return try await commitAnswerAfterRace(xid)
                }
                var committing = session
                committing.status = .committing
                committing.isActive = false
                var driver = PhaseTwoDriver(
                    .commit,
                    session: committing,
                    retrying: false,
                    now: clock(),
                    xaerNotaRetryTimeout: settings().xaerNotaRetryTimeout
                )
                let outcome = try await drive(&driver, session: committing)
                // Mixed AT and other branches: the others are committed, the session is AsyncCommitting.
                if driver.status == .asyncCommitting { commitATBranchesSoon(xid) }
                return outcome == .asyncCommitting ? .committed : outcome
            }
        }
    }

    /// The decision to move `session` out of `Begin` into `status`, taken on the session as read
    /// (its revision, where the store has one).
    static func decision(_ session: GlobalSession, to status: GlobalStatus, locks: LockEffect) -> StatusChange {
        StatusChange(
            xid: session.xid,
            expected: .begin,
            status: status,
            locks: session.lockEffect(ofDecision: locks),
            durability: .decision,
            revision: session.storeRevision
        )
    }

    /// How many reads a decision from `Begin` may take when the row keeps changing under it
    /// (branches registering on other coordinators all the while).
    static let decisionAttempts = 16

    /// GlobalRollback: decides to roll back an open transaction and drives phase two.
    ///
    /// Only a session in `Begin` rolls back: it is closed, its row locks are marked rolling
    /// back, and its branches get BranchRollback in reverse registration order. The answer is
    /// Rollbacked, RollbackRetrying (an RM could not roll back yet; the retry job goes on) or
    /// RollbackFailed. An unknown xid answers Finished; a session already decided answers its
    /// status.
    public func rollback(xid: String) async throws(TransactionError) -> GlobalStatus {
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        var attempts = 0
        while true {
            let session = try await read(xid, toDecide: attempts)
            attempts += 1
            switch RollbackDecision.decide(session) {
            case .answer(let status):
                return status
            case .rollbackNow:
                guard var rollingBack = session else { return .finished }
                guard try await change(Self.decision(rollingBack, to: .rollbacking, locks: .markRollbacking)) else {
                    // Changed since the read (see `commit`): decided again on a fresh read.
                    if attempts < Self.decisionAttempts { continue }
                    return try await currentStatus(xid)
                }
                rollingBack.status = .rollbacking
                rollingBack.isActive = false
                var driver = PhaseTwoDriver(
                    .rollback,
                    session: rollingBack,
                    retrying: false,
                    now: clock(),
                    xaerNotaRetryTimeout: settings().xaerNotaRetryTimeout
                )
                return try await drive(&driver, session: rollingBack)
            }
        }
    }

    /// GlobalStatus: the session's status, Finished when the xid is unknown (ended or never
    /// begun).
    public func status(xid: String) async throws(TransactionError) -> GlobalStatus {
        try await read(xid)?.status ?? .finished
    }

    /// GlobalReport: a saga engine reports how its transaction ended or where it stands.
    ///
    /// Acts only on SAGA sessions (others answer their status unchanged): Committed ends the
    /// session as Committed; Rollbacked or Finished end it as (Timeout)Rollbacked; a retrying or
    /// unknown status queues it for the retry jobs; any other status is recorded. An unknown xid
    /// answers the reported status, as Seata does.
    public func report(xid: String, status reported: GlobalStatus) async throws(TransactionError) -> GlobalStatus {
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        guard let session = try await read(xid) else { return reported }
        switch SagaReport.decide(session, reported: reported) {
        case .answer(let status):
            return status
        case .end(let final):
            guard try await delete(xid, expected: session.status) else { return try await currentStatus(xid) }
            ended(session, status: final)
            return final
        case .change(let target, let locks):
            let recorded = StatusChange(
                xid: xid,
                expected: session.status,
                status: target,
                locks: locks,
                durability: .decision
            )
            guard try await change(recorded) else { return try await currentStatus(xid) }
            if target.isFailedFinal { ended(session, status: target) }
            return target
        }
    }

    /// Closes a session past its timeout: TimeoutRollbacking, row locks marked rolling back.
    ///
    /// - Returns: TimeoutRollbacking; the session's status when another coordinator decided it
    ///   first; nil when it is still open but its row changed since `session` was read (a branch
    ///   registered on another coordinator): decide again on a fresh read.
    func timeOut(_ session: GlobalSession) async throws(TransactionError) -> GlobalStatus? {
        guard try await change(Self.decision(session, to: .timeoutRollbacking, locks: .markRollbacking)) else {
            let status = try await currentStatus(session.xid)
            return status == .begin ? nil : status
        }
        logger.warning(
            "Global transaction timed out and will be rolled back",
            metadata: [
                "xid": "\(session.xid)", "beginTime": "\(session.beginTime)", "timeoutMs": "\(session.timeout)",
            ]
        )
        return .timeoutRollbacking
    }

    private func commitAnswerAfterRace(_ xid: String) async throws(TransactionError) -> GlobalStatus {
        let status = try await currentStatus(xid)
        return status == .asyncCommitting ? .committed : status
    }
}
