public import SeataProtocol

/// A global transaction as the coordinator keeps it: one row of `global_table` and its branches.
///
/// A value: the store hands out copies, and the core changes sessions only through the store.
public struct GlobalSession: Sendable, Hashable {
    /// `"<advertised ip>:<port>:<transactionId>"`, the key clients route requests by.
    public var xid: String
    /// The snowflake id the xid ends with.
    public var transactionId: Int64
    /// Where the transaction is in its life.
    public var status: GlobalStatus
    /// The TM's application id (from its RegisterTM).
    public var applicationId: String
    /// The TM's transaction service group (from its RegisterTM).
    public var transactionServiceGroup: String
    /// The name the TM gave the transaction (`GlobalBegin.transactionName`).
    public var transactionName: String
    /// The transaction's timeout, in milliseconds from `beginTime`.
    public var timeout: Int
    /// When the transaction began, in milliseconds since 1970 (retry limits count from here too).
    public var beginTime: Int64
    /// Free-form data attached to the global transaction (empty when none).
    public var applicationData: String
    /// Whether branches may still register: false from the moment a commit, rollback or timeout
    /// decision is taken ("closed" in Seata's words).
    public var isActive: Bool
    /// The branches still to drive, in registration order.
    public var branches: [BranchSession]
    /// The version of the stored row this value was read from.
    ///
    /// Set where other coordinators can register branches beside this one (the db store:
    /// PostgreSQL's `xmin`); nil where this coordinator's own xid lock orders every change (the
    /// file store). A decision from `Begin`
    /// passes it back (`StatusChange.revision`), so a branch registered elsewhere since the read
    /// makes the decision fail and be taken again on a fresh read, instead of being left out of
    /// phase two.
    public var storeRevision: String?

    /// Makes a session value; a new transaction starts in `Begin`, active, without branches.
    public init(
        xid: String,
        transactionId: Int64,
        status: GlobalStatus = .begin,
        applicationId: String,
        transactionServiceGroup: String,
        transactionName: String,
        timeout: Int,
        beginTime: Int64,
        applicationData: String = "",
        isActive: Bool = true,
        branches: [BranchSession] = [],
        storeRevision: String? = nil
    ) {
        self.xid = xid
        self.transactionId = transactionId
        self.status = status
        self.applicationId = applicationId
        self.transactionServiceGroup = transactionServiceGroup
        self.transactionName = transactionName
        self.timeout = timeout
        self.beginTime = beginTime
        self.applicationData = applicationData
        self.isActive = isActive
        self.branches = branches
        self.storeRevision = storeRevision
    }

    /// Seata's prefix for the names of transactions started by its saga state machine engine.
    public static let sagaNamePrefix = "$Saga_"

    /// Whether this is a SAGA transaction: its first branch is SAGA or, without branches, its
    /// name carries the saga engine's prefix (Seata's `GlobalSession.isSaga`).
    public var isSaga: Bool {
        if let first = branches.first { return first.branchType == .saga }
        return transactionName.hasPrefix(Self.sagaNamePrefix)
    }

    /// Whether any branch holds row locks (only AT branches take them).
    public var holdsRowLocks: Bool { branches.contains { $0.branchType == .at } }

    /// What a decision taken on this session (as read) does to its row locks: `effect`, or
    /// nothing when no branch holds any, so the store has no lock statement to run.
    ///
    /// Registrations on this coordinator wait for the decision (the xid's lock), and one on
    /// another coordinator since the read changes the row's revision, which fails the decision
    /// (`storeRevision`): so a decision is taken on a complete read.
    func lockEffect(ofDecision effect: LockEffect) -> LockEffect { holdsRowLocks ? effect : .keep }

    /// Whether every branch can be left to the async-committing job (all AT or failed in phase one).
    public var canBeCommittedAsync: Bool { branches.allSatisfy(\.canBeCommittedAsync) }

    /// Whether the session is open and past its timeout at `now` (milliseconds since 1970).
    public func hasTimedOut(at now: Int64) -> Bool {
        status == .begin && now - beginTime > Int64(timeout)
    }
}

extension GlobalStatus {
    /// The statuses of a rollback that started from a timeout (Seata's `isTimeoutGlobalStatus`).
    public var isTimeoutRollback: Bool {
        switch self {
        case .timeoutRollbacking, .timeoutRollbackRetrying, .timeoutRollbacked, .timeoutRollbackFailed: true
        default: false
        }
    }

    /// Ended for good but kept in the store for an operator: not retried by any job.
    public var isFailedFinal: Bool {
        switch self {
        case .commitFailed, .rollbackFailed, .timeoutRollbackFailed, .commitRetryTimeout, .rollbackRetryTimeout: true
        default: false
        }
    }

    /// The statuses of a transaction that has not ended (the "active" gauge): failed finals and
    /// the ended statuses are excluded; sessions an operator stopped or is deleting count.
    public static let unfinished: Set<GlobalStatus> = [
        .begin, .committing, .commitRetrying, .rollbacking, .rollbackRetrying, .timeoutRollbacking,
        .timeoutRollbackRetrying, .asyncCommitting, .stopCommitOrCommitRetry, .stopRollbackOrRollbackRetry, .deleting,
    ]

    /// The failed finals, kept visible until an operator acts.
    public static let failedFinals: Set<GlobalStatus> = Set(allCases.filter(\.isFailedFinal))
}
