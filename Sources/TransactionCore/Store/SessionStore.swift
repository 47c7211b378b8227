public import SeataProtocol

/// Where the coordinator keeps global sessions, branches, row locks and job leases: the single
/// source of truth, so the core behaves the same over the embedded file store and a shared
/// database.
///
/// Every method is one atomic change (one transaction in a SQL store). Status changes are
/// optimistic: they name the status they expect and report whether it still held, which is
/// what keeps several coordinators on one database from driving a session twice. The shape
/// follows Seata's tables (`global_table`, `branch_table`, `lock_table`, `distributed_lock`);
/// each method says the SQL it stands for.
///
/// Errors: a method throws (any error) when the store cannot do what was asked; nothing of the
/// change is then visible. The core answers such failures with `FailedStore` /
/// `FailedWriteSession` / `FailedToAddBranch`.
public protocol SessionStore: Sendable {
    /// Whether this coordinator is the store's only user (the file store holds its folder
    /// exclusively). Then a session left in `Committing` or `Rollbacking` that no request is
    /// driving can only be a leftover of a crash, and the retry jobs take it over at once; on a
    /// shared store they do so for their own coordinator's sessions and for those of
    /// coordinators missing from `liveCoordinators()`, and wait for
    /// `CoreSettings.retryDeadThreshold` from the session's begin for the others.
    var isExclusive: Bool { get }

    /// Adds a new global session (without branches).
    ///
    /// `INSERT INTO global_table (xid, transaction_id, status, application_id,
    /// transaction_service_group, transaction_name, timeout, begin_time, application_data,
    /// gmt_create, gmt_modified) VALUES (…)`.
    func insertGlobal(_ session: GlobalSession, durability: Durability) async throws

    /// The global session `xid` with its branches in registration order, or nil.
    ///
    /// `SELECT … FROM global_table WHERE xid = ?` and `SELECT … FROM branch_table WHERE xid = ?
    /// ORDER BY gmt_create` (lock keys rebuilt from `lock_table`).
    func global(xid: String) async throws -> GlobalSession?

    /// The global session `xid` for a decision from `Begin`: as `global(xid:)`, or a copy the
    /// store kept of its own writes, with the revision (`GlobalSession.storeRevision`) of its
    /// last one.
    ///
    /// A copy may be stale (written to elsewhere since); a decision taken on it names its
    /// revision and so fails, the store then forgets the copy, and the caller reads again with
    /// `global(xid:)`. A store without revisions answers `global(xid:)` (the default).
    func globalToDecide(xid: String) async throws -> GlobalSession?

    /// Moves a session from `change.expected` to `change.status` and applies `change.locks` to
    /// its row locks, atomically; false (and nothing changed) when the session is gone, no
    /// longer in the expected status, or (with `change.revision`) no longer the row version read.
    ///
    /// `UPDATE global_table SET status = ?, gmt_modified = now WHERE xid = ? AND status = ?`,
    /// then `DELETE FROM lock_table WHERE xid = ?` or `UPDATE lock_table SET status = 1 WHERE
    /// xid = ?` in the same transaction.
    func updateGlobalStatus(_ change: StatusChange) async throws -> Bool

    /// Deletes an ended session with its branches and row locks; false when it is gone, no
    /// longer in `expected`, or (with a `revision`, see `GlobalSession.storeRevision`) no longer
    /// the row version read.
    ///
    /// The end of a session whose phase two is complete (`durability: .deferred`, `expected`
    /// past `Begin`) may be carried out after the method returns, answering true: every branch
    /// has answered, so the transaction's outcome is settled whoever removes the row and when;
    /// a removal that fails leaves the session to the recovery jobs, whose phase-two calls the
    /// RMs take as repeats.
    ///
    /// `DELETE FROM global_table WHERE xid = ? AND status = ?`, `DELETE FROM branch_table WHERE
    /// xid = ?`, `DELETE FROM lock_table WHERE xid = ?`.
    func deleteGlobal(xid: String, expected: GlobalStatus, revision: String?, durability: Durability) async throws
        -> Bool

    /// The sessions (with branches) matching `query`, oldest begin first, at most `query.limit`.
    ///
    /// `SELECT … FROM global_table WHERE status IN (…) [AND begin_time + timeout < ?]
    /// [AND (begin_time, xid) > (?, ?)] ORDER BY begin_time, xid LIMIT ?`.
    func globals(matching query: SessionQuery) async throws -> [GlobalSession]

    /// How many sessions are in one of `statuses`.
    ///
    /// `SELECT count(*) FROM global_table WHERE status IN (…)`.
    func countGlobals(statuses: Set<GlobalStatus>) async throws -> Int

    /// Adds a branch to its global session and acquires its row locks, all or nothing.
    ///
    /// Rows already held by the same xid are re-entered (they stay with the branch that took
    /// them); a row held by another xid refuses the whole branch with the conflict's detail.
    /// When `requireOpen`, the branch is refused unless the session is active and in `Begin`
    /// (so a branch cannot slip in after another coordinator's decision).
    ///
    /// `SELECT xid, branch_id, status FROM lock_table WHERE row_key IN (…) FOR UPDATE` (skipped
    /// with `locks.options.skipCheckLock`), `INSERT INTO lock_table …` for the new rows,
    /// `INSERT INTO branch_table … WHERE EXISTS (SELECT 1 FROM global_table WHERE xid = ? AND
    /// status = 1)`, one transaction.
    func insertBranch(
        _ branch: BranchSession,
        locks: LockRequest,
        requireOpen: Bool,
        durability: Durability
    ) async throws -> BranchInsertion

    /// Sets a branch's status and application data; false when there is no such branch.
    ///
    /// `UPDATE branch_table SET status = ?, application_data = ?, gmt_modified = now WHERE
    /// xid = ? AND branch_id = ?` (a shared store also writes the session's row anew, so a
    /// decision taken on the session as read before fails on its revision).
    func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String,
        durability: Durability
    ) async throws -> Bool

    /// Removes a branch that phase two finished, and its row locks when `releaseLocks`.
    ///
    /// `DELETE FROM branch_table WHERE xid = ? AND branch_id = ?` [and `DELETE FROM lock_table
    /// WHERE branch_id = ?`].
    func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool, durability: Durability) async throws

    /// Releases every row lock of `xid` (server.rollbackRetryTimeoutUnlockEnable).
    ///
    /// `DELETE FROM lock_table WHERE xid = ?`.
    func releaseLocks(xid: String, durability: Durability) async throws

    /// The held locks among `rowKeys` (GlobalLockQuery).
    ///
    /// `SELECT … FROM lock_table WHERE row_key IN (…)`.
    func lockedRows(_ rowKeys: [String]) async throws -> [RowLock]

    /// Takes (or renews) the lease on a recovery job for `owner` until `duration` from now;
    /// false when another owner holds an unexpired lease.
    ///
    /// `SELECT … FROM distributed_lock WHERE lock_key = ? FOR UPDATE`, then `UPDATE
    /// distributed_lock SET lock_value = ?, expire = ? WHERE lock_key = ?` when the row is
    /// expired or already ours (inserting the row when missing).
    func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool

    /// Gives the lease back early (expires it now) if `owner` holds it.
    func releaseJobLease(_ job: RecoveryJobName, owner: String) async throws

    /// The coordinators (advertised `host:port`, as in xids) known to be alive on this store, or
    /// nil when the store cannot tell.
    ///
    /// On a shared store the retry jobs take over a session left in Committing or Rollbacking
    /// at once when the coordinator its xid names is not in this set; for one that is alive
    /// (or when the store cannot tell) they wait for `CoreSettings.retryDeadThreshold`.
    /// A store used by one coordinator only need not implement it.
    ///
    /// `SELECT lock_value FROM distributed_lock WHERE lock_key LIKE 'WorkerId-%' AND expire > now`.
    func liveCoordinators() async throws -> Set<String>?

    /// Removes branches whose session is gone; how many went.
    ///
    /// A store shared by several coordinators can leave one behind: a SAGA branch (the only
    /// kind accepted after the decision, and one that holds no row locks) whose registration
    /// committed while that session was being deleted. The timeout-check job calls it on each
    /// run, so such a row lives one `server.recovery.timeoutRetryPeriod` at most. A store that
    /// deletes a session and its branches under one writer never leaves one, and need not
    /// implement it.
    ///
    /// `DELETE FROM branch_table b WHERE NOT EXISTS (SELECT 1 FROM global_table g WHERE g.xid = b.xid)`.
    func removeOrphanedBranches() async throws -> Int
}

extension SessionStore {
    /// `deleteGlobal` without a revision check.
    public func deleteGlobal(xid: String, expected: GlobalStatus, durability: Durability) async throws -> Bool {
        try await deleteGlobal(xid: xid, expected: expected, revision: nil, durability: durability)
    }

    /// A store that cannot tell which coordinators are alive.
    public func liveCoordinators() async throws -> Set<String>? { nil }

    /// A store that never leaves a branch without its session.
    public func removeOrphanedBranches() async throws -> Int { 0 }

    /// A store that keeps no copies: the session as `global(xid:)` reads it.
    public func globalToDecide(xid: String) async throws -> GlobalSession? { try await global(xid: xid) }
}

/// How durable a change must be before the store's method returns.
///
/// Writes are applied in call order, so waiting for one change also covers every change made
/// before it.
public enum Durability: Sendable, Hashable {
    /// A commit or rollback decision: durable enough to survive a crash of the coordinator
    /// before the method returns, whatever `store.file.flushDiskMode` says, because phase-two
    /// calls and answers follow at once (a lost commit decision would let the restarted
    /// coordinator time out and roll back branches that were told to commit).
    case decision
    /// The change behind an answer to a client: durable before returning when the store is
    /// synchronous (`flushDiskMode=sync`, or a database); within the store's stated bound when
    /// asynchronous.
    case answer
    /// A new session that nothing depends on yet (GlobalBegin): as `answer`, except that a
    /// store whose one log orders every change of every coordinator (PostgreSQL's WAL) may
    /// return once the session is in that log, before its flush.
    ///
    /// Why that loses nothing: every change that depends on the session (a branch registration,
    /// a decision, a report, an end) comes later in the same log and is flushed only with
    /// everything before it. A crash of the database can lose the session only together with
    /// all of those, so what it loses is a transaction with nothing in it: its TM's next call
    /// finds no transaction (a registration is refused with GlobalTransactionNotExist, a commit
    /// or rollback answers Finished), as after a begin that never reached the coordinator.
    case opening
    /// Progress inside phase two (a finished branch removed): the method returns at once and the
    /// change becomes durable with the next `decision` or `answer` change (or the async bound).
    /// Losing it in a crash only means a phase-two call is sent again, which RMs treat as
    /// idempotent.
    case deferred
}

/// A compare-and-set of a global session's status, with what happens to its row locks.
public struct StatusChange: Sendable, Hashable {
    /// The session.
    public var xid: String
    /// The status the session must still be in.
    public var expected: GlobalStatus
    /// The new status (a status other than `Begin` also closes the session to new branches).
    public var status: GlobalStatus
    /// What happens to the session's row locks.
    public var locks: LockEffect
    /// How durable before returning.
    public var durability: Durability
    /// The row version the decision was taken on (`GlobalSession.storeRevision`).
    ///
    /// The change fails if the row has changed since, as a branch registration on another
    /// coordinator changes it. nil: no such check.
    public var revision: String?

    /// Makes a status change.
    public init(
        xid: String,
        expected: GlobalStatus,
        status: GlobalStatus,
        locks: LockEffect = .keep,
        durability: Durability,
        revision: String? = nil
    ) {
        self.xid = xid
        self.expected = expected
        self.status = status
        self.locks = locks
        self.durability = durability
        self.revision = revision
    }
}

/// What a status change does to the session's row locks.
public enum LockEffect: Sendable, Hashable {
    /// Nothing.
    case keep
    /// Release all of them (the commit decision; rollback retry timeout with unlock enabled).
    case release
    /// Mark them rolling back (a rollback starts), so conflicting RMs can fail fast.
    case markRollbacking
}

/// The row locks a branch asks for.
public struct LockRequest: Sendable, Hashable {
    /// The rows, each once (empty: the branch takes no locks).
    public var rows: [RowLock]
    /// The branch's `autoCommit` / `skipCheckLock` flags.
    public var options: LockOptions

    /// No locks.
    public static let none = LockRequest(rows: [], options: LockOptions())

    /// Makes a request.
    public init(rows: [RowLock], options: LockOptions) {
        self.rows = rows
        self.options = options
    }
}

/// The outcome of `SessionStore.insertBranch`.
public enum BranchInsertion: Sendable, Hashable {
    /// The branch is in, with its locks.
    case inserted
    /// Another transaction holds a row; nothing was changed.
    case lockConflict(LockConflict)
    /// No such global session.
    case globalNotFound
    /// The session no longer accepts branches (closed, or not in `Begin`).
    case globalNotOpen(GlobalStatus, isActive: Bool)
}

/// A row held by another transaction.
public struct LockConflict: Sendable, Hashable {
    /// The contested row.
    public var rowKey: String
    /// Its holder's xid.
    public var holderXid: String
    /// The holder's branch.
    public var holderBranchId: Int64
    /// Whether the holder is rolling back and the asking branch has `autoCommit` false (and did
    /// not skip the check): `LockKeyConflictFailFast`.
    public var failFast: Bool

    /// Makes a conflict.
    public init(rowKey: String, holderXid: String, holderBranchId: Int64, failFast: Bool) {
        self.rowKey = rowKey
        self.holderXid = holderXid
        self.holderBranchId = holderBranchId
        self.failFast = failFast
    }
}

/// A page of sessions for a recovery job.
public struct SessionQuery: Sendable, Hashable {
    /// The statuses wanted.
    public var statuses: Set<GlobalStatus>
    /// Only sessions whose timeout has passed at this time (milliseconds since 1970).
    public var timedOutAt: Int64?
    /// Only sessions after this one in (beginTime, xid) order: the previous page's last.
    public var after: SessionCursor?
    /// At most this many (`store.db.queryLimit`).
    public var limit: Int

    /// Makes a query.
    public init(statuses: Set<GlobalStatus>, timedOutAt: Int64? = nil, after: SessionCursor? = nil, limit: Int) {
        self.statuses = statuses
        self.timedOutAt = timedOutAt
        self.after = after
        self.limit = limit
    }
}

/// A position in (beginTime, xid) order.
public struct SessionCursor: Sendable, Hashable, Comparable {
    /// The session's begin time.
    public var beginTime: Int64
    /// The session's xid.
    public var xid: String

    /// Makes a cursor.
    public init(beginTime: Int64, xid: String) {
        self.beginTime = beginTime
        self.xid = xid
    }

    /// The cursor of `session`.
    public init(_ session: GlobalSession) {
        self.init(beginTime: session.beginTime, xid: session.xid)
    }

    /// (beginTime, xid) order.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.beginTime, lhs.xid) < (rhs.beginTime, rhs.xid)
    }
}

/// The recovery jobs that run on one coordinator at a time: `distributed_lock.lock_key`.
public enum RecoveryJobName: String, Sendable, Hashable, CaseIterable {
    /// Commits AT branches of AsyncCommitting sessions.
    case asyncCommitting = "AsyncCommitting"
    /// Retries commits.
    case retryCommitting = "RetryCommitting"
    /// Retries rollbacks.
    case retryRollbacking = "RetryRollbacking"
    /// Times out open sessions.
    case timeoutCheck = "TxTimeoutCheck"
    /// Asks RMs to delete old undo logs.
    case undoLogDelete = "UndologDelete"
}
