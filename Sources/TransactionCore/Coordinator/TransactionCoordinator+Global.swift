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
            try await store.insertGlobal(session, durability: .answer)
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
        guard let session = try await read(xid) else { return .finished }
        switch CommitDecision.decide(session, now: clock()) {
        case .answer(let status):
            return status
        case .timeOut:
            return try await timeOut(session)
        case .endEmpty:
            guard try await delete(xid, expected: .begin) else { return try await commitAnswerAfterRace(xid) }
            ended(session, status: .committed)
            return .committed
        case .commitAsync:
            let decided = StatusChange(
                xid: xid,
                expected: .begin,
                status: .asyncCommitting,
                locks: session.lockEffect(ofDecision: .release),
                durability: .decision
            )
            guard try await change(decided) else { return try await commitAnswerAfterRace(xid) }
            commitATBranchesSoon(xid)
            return .committed
        case .commitNow:
            let decided = StatusChange(
                xid: xid,
                expected: .begin,
                status: .committing,
                locks: session.lockEffect(ofDecision: .release),
                durability: .decision
            )
            guard try await change(decided) else { return try await commitAnswerAfterRace(xid) }
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
        let session = try await read(xid)
        switch RollbackDecision.decide(session) {
        case .answer(let status):
            return status
        case .rollbackNow:
            guard var rollingBack = session else { return .finished }
            let decided = StatusChange(
                xid: xid,
                expected: .begin,
                status: .rollbacking,
                locks: rollingBack.lockEffect(ofDecision: .markRollbacking),
                durability: .decision
            )
            guard try await change(decided) else { return try await currentStatus(xid) }
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
    func timeOut(_ session: GlobalSession) async throws(TransactionError) -> GlobalStatus {
        let decided = StatusChange(
            xid: session.xid,
            expected: .begin,
            status: .timeoutRollbacking,
            locks: session.lockEffect(ofDecision: .markRollbacking),
            durability: .decision
        )
        guard try await change(decided) else { return try await currentStatus(session.xid) }
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
