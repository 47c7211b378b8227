/// The settings the core reads, with Seata's defaults.
///
/// The coordinator maps configuration keys
/// onto it; the recovery jobs read it again on every run, so a change applies without restart.
public struct CoreSettings: Sendable, Hashable {
    /// `server.recovery.committingRetryPeriod` (1 s): the retry-committing job's period.
    public var committingRetryPeriod: Duration
    /// `server.recovery.asyncCommittingRetryPeriod` (1 s): the async-committing job's period.
    public var asyncCommittingRetryPeriod: Duration
    /// `server.recovery.rollbackingRetryPeriod` (1 s): the retry-rollbacking job's period.
    public var rollbackingRetryPeriod: Duration
    /// `server.recovery.timeoutRetryPeriod` (1 s): the timeout check's period.
    public var timeoutRetryPeriod: Duration
    /// `server.maxCommitRetryTimeout` (-1: nil, retry forever): past this time from the begin, a
    /// commit still retrying ends as CommitRetryTimeout.
    public var maxCommitRetryTimeout: Duration?
    /// `server.maxRollbackRetryTimeout` (-1: nil, retry forever): past this time from the begin,
    /// a rollback still retrying ends as RollbackRetryTimeout.
    public var maxRollbackRetryTimeout: Duration?
    /// `server.rollbackRetryTimeoutUnlockEnable` (false): release the row locks of a session
    /// that ends as RollbackRetryTimeout (otherwise they stay, protecting its rows).
    public var rollbackRetryTimeoutUnlockEnable: Bool
    /// `server.undo.logDeletePeriod` (1 day): the undo-log delete job's period.
    public var undoLogDeletePeriod: Duration
    /// The undo-log delete job's first run after start (3 minutes, fixed in Seata; no key).
    public var undoLogFirstDelay: Duration
    /// `server.undo.logSaveDays` (7; 0 or less means 7): how old undo logs must be to go.
    public var undoLogSaveDays: Int
    /// `server.distributedLockExpireTime` (10 s): the lease a job run takes in `distributed_lock`.
    public var distributedLockExpireTime: Duration
    /// `server.applicationDataLimit` (64,000 bytes of UTF-8): the size above which a branch's
    /// application data is logged, or refused when `applicationDataLimitCheck`.
    public var applicationDataLimit: Int
    /// `server.applicationDataLimitCheck` (false): refuse application data over the limit
    /// (`FailedToAddBranch` on register, as Seata; `BranchReportFailed` on report).
    public var applicationDataLimitCheck: Bool
    /// `store.db.queryLimit` (1,000): how many sessions a job fetches per page.
    public var sessionQueryLimit: Int
    /// `server.retryDeadThreshold` (130 s; not in the schema): the takeover delay for a live peer.
    ///
    /// On a shared store, how long after its begin a session left in Committing or Rollbacking by a coordinator that is still
    /// alive (or when the store cannot tell) counts as abandoned and is taken over by the retry
    /// jobs. Sessions of a coordinator the store knows is dead are taken over at once.
    public var retryDeadThreshold: Duration
    /// `server.xaerNotaRetryTimeout` (60 s; not in the schema): an XA branch answering
    /// XAER_NOTA counts as done once the transaction is older than its timeout plus the larger
    /// of this and its timeout.
    public var xaerNotaRetryTimeout: Duration
    /// How many sessions one job run drives at once (Seata uses a parallel stream; no key).
    public var recoveryConcurrency: Int
    /// The timeout given to a transaction whose TM asks for 0 or less (Seata's client default,
    /// 60 s).
    public var defaultTransactionTimeout: Duration
    /// Whether AT branches are committed right after the TM's answer (true; no key).
    ///
    /// True: the AT branches of a transaction answered Committed are committed in the background
    /// at once. False: only on the async-committing job's next run, as Seata does. The job
    /// retries what could not be committed either way.
    public var commitsATBranchesAtOnce: Bool

    /// Seata's defaults.
    public init() {
        committingRetryPeriod = .seconds(1)
        asyncCommittingRetryPeriod = .seconds(1)
        rollbackingRetryPeriod = .seconds(1)
        timeoutRetryPeriod = .seconds(1)
        maxCommitRetryTimeout = nil
        maxRollbackRetryTimeout = nil
        rollbackRetryTimeoutUnlockEnable = false
        undoLogDeletePeriod = .milliseconds(86_400_000)
        undoLogFirstDelay = .seconds(180)
        undoLogSaveDays = 7
        distributedLockExpireTime = .seconds(10)
        applicationDataLimit = 64_000
        applicationDataLimitCheck = false
        sessionQueryLimit = 1000
        retryDeadThreshold = .seconds(130)
        xaerNotaRetryTimeout = .seconds(60)
        recoveryConcurrency = 8
        defaultTransactionTimeout = .seconds(60)
        commitsATBranchesAtOnce = true
    }

    /// `server.undo.logSaveDays` as sent: 7 when the setting is 0 or less.
    public var effectiveUndoLogSaveDays: Int { undoLogSaveDays > 0 ? undoLogSaveDays : 7 }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
