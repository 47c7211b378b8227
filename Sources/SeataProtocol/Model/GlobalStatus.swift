/// The status of a global transaction, with Seata's wire values (`GlobalStatus` in
/// `org.apache.seata.core.model`).
///
/// The raw value is the byte on the wire and the `status` column of `global_table`.
public enum GlobalStatus: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not known to the coordinator.
    case unknown = 0
    /// Open: branches may register.
    case begin = 1
    /// Phase two commit under way.
    case committing = 2
    /// A branch commit failed retryably; the retry job drives it.
    case commitRetrying = 3
    /// Phase two rollback under way.
    case rollbacking = 4
    /// A branch rollback failed retryably; the retry job drives it.
    case rollbackRetrying = 5
    /// Timed out; rollback under way.
    case timeoutRollbacking = 6
    /// Timed out; a branch rollback failed retryably.
    case timeoutRollbackRetrying = 7
    /// Committed by decision; AT branches are committed in the background.
    case asyncCommitting = 8
    /// Every branch committed.
    case committed = 9
    /// A branch refused to commit for good (final, kept for an operator).
    case commitFailed = 10
    /// Every branch rolled back.
    case rollbacked = 11
    /// A branch refused to roll back for good (final, kept for an operator).
    case rollbackFailed = 12
    /// Timed out and every branch rolled back.
    case timeoutRollbacked = 13
    /// Timed out and a branch refused to roll back for good.
    case timeoutRollbackFailed = 14
    /// Ended and no longer known: the answer for an unknown xid.
    case finished = 15
    /// Commit retried past `server.maxCommitRetryTimeout` (final, kept for an operator).
    case commitRetryTimeout = 16
    /// Rollback retried past `server.maxRollbackRetryTimeout` (final, kept for an operator).
    case rollbackRetryTimeout = 17
    /// An operator is deleting the session: its branches are being rolled back before it goes
    /// (Seata 2.x's console; no job drives it).
    case deleting = 18
    /// An operator stopped the commit retries (Seata 2.x's console): kept, not retried, until
    /// started again.
    case stopCommitOrCommitRetry = 19
    /// An operator stopped the rollback retries (Seata 2.x's console): kept, not retried, until
    /// started again.
    case stopRollbackOrRollbackRetry = 20

    /// Seata's name for the status (`CommitRetrying`, `TimeoutRollbacked`, …).
    public var description: String {
        switch self {
        case .unknown: "UnKnown"
        case .begin: "Begin"
        case .committing: "Committing"
        case .commitRetrying: "CommitRetrying"
        case .rollbacking: "Rollbacking"
        case .rollbackRetrying: "RollbackRetrying"
        case .timeoutRollbacking: "TimeoutRollbacking"
        case .timeoutRollbackRetrying: "TimeoutRollbackRetrying"
        case .asyncCommitting: "AsyncCommitting"
        case .committed: "Committed"
        case .commitFailed: "CommitFailed"
        case .rollbacked: "Rollbacked"
        case .rollbackFailed: "RollbackFailed"
        case .timeoutRollbacked: "TimeoutRollbacked"
        case .timeoutRollbackFailed: "TimeoutRollbackFailed"
        case .finished: "Finished"
        case .commitRetryTimeout: "CommitRetryTimeout"
        case .rollbackRetryTimeout: "RollbackRetryTimeout"
        case .deleting: "Deleting"
        case .stopCommitOrCommitRetry: "StopCommitOrCommitRetry"
        case .stopRollbackOrRollbackRetry: "StopRollbackOrRollbackRetry"
        }
    }
}
