import SeataProtocol

/// What a GlobalCommit does with the session it finds (DefaultCore.commit), before phase two.
enum CommitDecision: Sendable, Hashable {
    /// Nothing to do: answer this status (Finished for an unknown xid; the current status, with
    /// AsyncCommitting shown as Committed, for a session already decided).
    case answer(GlobalStatus)
    /// The session is open but past its timeout: it becomes TimeoutRollbacking (the rollback job
    /// drives it) and the TM is told so. Seata answers TimeoutRollbacking without changing the
    /// status and lets the timeout check catch up; the result is the same, a second sooner.
    case timeOut
    /// No branches: nothing to commit, the session ends at once (Seata parks it in
    /// AsyncCommitting for the job to remove).
    case endEmpty
    /// Only AT branches (or branches failed in phase one): AsyncCommitting, answer Committed; the
    /// branches are committed in the background right after (the async-committing job retries).
    case commitAsync
    /// Committing now: phase two drives the non-AT branches in registration order.
    case commitNow

    static func decide(_ session: GlobalSession?, now: Int64) -> Self {
        guard let session else { return .answer(.finished) }
        guard session.status == .begin else {
            return .answer(session.status == .asyncCommitting ? .committed : session.status)
        }
        if session.hasTimedOut(at: now) { return .timeOut }
        if session.branches.isEmpty && !session.isSaga { return .endEmpty }
        if !session.isSaga && session.canBeCommittedAsync { return .commitAsync }
        return .commitNow
    }
}

/// What a GlobalRollback does with the session it finds (DefaultCore.rollback).
enum RollbackDecision: Sendable, Hashable {
    /// Nothing to do: Finished for an unknown xid, else the current status.
    case answer(GlobalStatus)
    /// Rollbacking now, its row locks marked rolling back; phase two in reverse order.
    case rollbackNow

    static func decide(_ session: GlobalSession?) -> Self {
        guard let session else { return .answer(.finished) }
        return session.status == .begin ? .rollbackNow : .answer(session.status)
    }
}

/// Whether a branch may join the session (AbstractCore.globalSessionStatusCheck).
enum RegistrationRule {
    static func check(_ session: GlobalSession?, xid: String, branchType: BranchType) -> TransactionError? {
        guard let session else {
            return TransactionError(
                .globalTransactionNotExist,
                "Could not find global transaction xid = \(xid), it may have finished"
            )
        }
        // SAGA accepts branches in any status: a forward recovery registers the remaining branches.
        if branchType == .saga { return nil }
        if !session.isActive {
            return TransactionError(
                .globalTransactionNotActive,
                "Could not register branch into global session xid = \(xid) status = \(session.status): "
                    + "the global session is closed"
            )
        }
        if session.status != .begin {
            return TransactionError(
                .globalTransactionStatusInvalid,
                "Could not register branch into global session xid = \(xid) status = \(session.status) "
                    + "while expecting Begin"
            )
        }
        return nil
    }
}

/// The retry limits of the jobs (DefaultCoordinator.isRetryTimeout): counted from the begin.
enum RetryLimit {
    static func isExceeded(_ limit: Duration?, beginTime: Int64, now: Int64) -> Bool {
        guard let limit, limit >= .zero else { return false }
        return now - beginTime > limit.milliseconds
    }
}

extension GlobalStatus {
    /// The status a rollback waits in for the retry job (GlobalSession.queueToRetryRollback).
    var rollbackRetryStatus: GlobalStatus {
        self == .timeoutRollbacking || self == .timeoutRollbackRetrying ? .timeoutRollbackRetrying : .rollbackRetrying
    }

    /// How a finished rollback ends (SessionHelper.endRollbacked).
    var rollbackEndStatus: GlobalStatus { isTimeoutRollback ? .timeoutRollbacked : .rollbacked }

    /// How an unretryable rollback ends (SessionHelper.endRollbackFailed).
    var rollbackFailedStatus: GlobalStatus { isTimeoutRollback ? .timeoutRollbackFailed : .rollbackFailed }
}
