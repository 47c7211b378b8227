/// Why a transaction request failed, with Seata's ordinals (`TransactionExceptionCode`).
///
/// Sent as the `exceptionCode` byte of every transaction response; clients map some of them
/// to behaviour (a Java RM retries its local transaction on `lockKeyConflict`, gives up at
/// once on `lockKeyConflictFailFast`).
public enum TransactionExceptionCode: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No particular reason (also sent with successful results).
    case unknown = 0
    /// The global transaction could not begin.
    case beginFailed = 1
    /// A row is locked by another global transaction.
    case lockKeyConflict = 2
    /// Input or output failed.
    case io = 3
    /// A branch rollback failed; retryable.
    case branchRollbackFailedRetriable = 4
    /// A branch rollback failed for good.
    case branchRollbackFailedUnretriable = 5
    /// The branch could not register.
    case branchRegisterFailed = 6
    /// The branch report failed.
    case branchReportFailed = 7
    /// The lock check failed.
    case lockableCheckFailed = 8
    /// No such branch.
    case branchTransactionNotExist = 9
    /// No such global transaction.
    case globalTransactionNotExist = 10
    /// The global transaction no longer accepts branches.
    case globalTransactionNotActive = 11
    /// The global transaction is in a status that does not allow the request.
    case globalTransactionStatusInvalid = 12
    /// A BranchCommit could not be sent.
    case failedToSendBranchCommitRequest = 13
    /// A BranchRollback could not be sent.
    case failedToSendBranchRollbackRequest = 14
    /// The branch could not be added to the global session.
    case failedToAddBranch = 15
    /// The global session could not be locked.
    case failedLockGlobalTransaction = 16
    /// The session could not be written.
    case failedWriteSession = 17
    /// The store failed.
    case failedStore = 18
    /// Raft mode: this server is not the leader.
    case notRaftLeader = 19
    /// A row is locked by a global transaction that is rolling back: do not retry.
    case lockKeyConflictFailFast = 20
    /// The global transaction already timed out.
    case transactionTimeout = 21
    /// Heuristic commit.
    case commitHeuristic = 22
    /// Broken transaction.
    case broken = 23

    /// Seata's name for the code (`LockKeyConflict`, …).
    public var description: String {
        switch self {
        case .unknown: "Unknown"
        case .beginFailed: "BeginFailed"
        case .lockKeyConflict: "LockKeyConflict"
        case .io: "IO"
        case .branchRollbackFailedRetriable: "BranchRollbackFailed_Retriable"
        case .branchRollbackFailedUnretriable: "BranchRollbackFailed_Unretriable"
        case .branchRegisterFailed: "BranchRegisterFailed"
        case .branchReportFailed: "BranchReportFailed"
        case .lockableCheckFailed: "LockableCheckFailed"
        case .branchTransactionNotExist: "BranchTransactionNotExist"
        case .globalTransactionNotExist: "GlobalTransactionNotExist"
        case .globalTransactionNotActive: "GlobalTransactionNotActive"
        case .globalTransactionStatusInvalid: "GlobalTransactionStatusInvalid"
        case .failedToSendBranchCommitRequest: "FailedToSendBranchCommitRequest"
        case .failedToSendBranchRollbackRequest: "FailedToSendBranchRollbackRequest"
        case .failedToAddBranch: "FailedToAddBranch"
        case .failedLockGlobalTransaction: "FailedLockGlobalTransaction"
        case .failedWriteSession: "FailedWriteSession"
        case .failedStore: "FailedStore"
        case .notRaftLeader: "NotRaftLeader"
        case .lockKeyConflictFailFast: "LockKeyConflictFailFast"
        case .transactionTimeout: "TransactionTimeout"
        case .commitHeuristic: "CommitHeuristic"
        case .broken: "Broken"
        }
    }
}
