public import SeataProtocol

/// Hooks for metrics and audit.
///
/// The coordinator calls them as transactions begin and end, as phase-two calls complete and
/// as row locks conflict. Calls are made inline: keep them cheap
/// (increment a counter) and never block.
///
/// Every method has an empty default, so an observer implements what it counts.
public protocol TransactionObserver: Sendable {
    /// A global transaction began.
    func began(_ session: GlobalSession)

    /// A global transaction ended in `status`: Committed, Rollbacked, TimeoutRollbacked or
    /// Finished (removed from the store), or a failed final (CommitFailed, RollbackFailed,
    /// TimeoutRollbackFailed, CommitRetryTimeout, RollbackRetryTimeout: kept for an operator).
    /// `duration` runs from the begin.
    func ended(_ session: GlobalSession, status: GlobalStatus, duration: Duration)

    /// A BranchCommit or BranchRollback completed: `answer` is the RM's status, nil when it
    /// could not be reached or did not answer in time.
    func branchCalled(_ branch: BranchSession, phase: PhaseTwoCall, answer: BranchStatus?, latency: Duration)

    /// A branch could not register because another transaction holds one of its rows.
    func lockConflicted(_ branch: BranchSession, conflict: LockConflict)
}

/// Which phase-two call.
public enum PhaseTwoCall: String, Sendable, Hashable {
    /// BranchCommit.
    case commit
    /// BranchRollback.
    case rollback
}

extension TransactionObserver {
    /// Does nothing.
    public func began(_ session: GlobalSession) {}
    /// Does nothing.
    public func ended(_ session: GlobalSession, status: GlobalStatus, duration: Duration) {}
    /// Does nothing.
    public func branchCalled(_ branch: BranchSession, phase: PhaseTwoCall, answer: BranchStatus?, latency: Duration) {}
    /// Does nothing.
    public func lockConflicted(_ branch: BranchSession, conflict: LockConflict) {}
}

/// An observer that observes nothing.
public struct NoTransactionObserver: TransactionObserver {
    /// Makes one.
    public init() {}
}
