/// The store's statements, written once per table naming.
///
/// Table names are interpolated (SQL has no parameters for them) only after
/// `TableNames.isPlainIdentifier` accepted them; every value travels as a bound parameter.
///
/// Millisecond times (`expire`) come from the database's clock, so coordinators whose clocks
/// disagree still agree on who holds a lease.
struct StoreSQL: Sendable {
    static let globalColumns =
        "xid, transaction_id, status, application_id, transaction_service_group, transaction_name, timeout, begin_time, application_data"
    static let branchColumns =
        "branch_id, xid, transaction_id, resource_group_id, resource_id, branch_type, status, client_id, application_data"
    static let lockColumns = "row_key, xid, transaction_id, branch_id, resource_id, table_name, pk, status"
    /// Milliseconds since 1970 on the database's clock.
    static let nowMilliseconds = "(extract(epoch from clock_timestamp()) * 1000)::bigint"

    let releaseLock: String
    let releaseLocksOfXid: String
    let countGlobals: String
    let insertLocks: String
    let selectLocks: String
    let updateBranch: String
    let acquireLease: String
    let releaseLease: String
    let renewLease: String
    let liveOwners: String
    let largestId: String
    let deleteOrphanedBranches: String

    init(_ tables: TableNames) {
        let g = tables.global
        let b = tables.branch
        let l = tables.lock
        let d = tables.distributedLock
        let now = Self.nowMilliseconds
        releaseLock = "DELETE FROM \(l) WHERE row_key = $1 AND xid = $2 RETURNING 1"
        releaseLocksOfXid = "DELETE FROM \(l) WHERE xid = $1"
        countGlobals = "SELECT count(*) FROM \(g) WHERE status = ANY($1)"
        // Sorted, so two branches taking overlapping rows queue rather than deadlock.
        insertLocks = """
            INSERT INTO \(l) (\(Self.lockColumns), gmt_create, gmt_modified)
            SELECT k, $2, $3, $4, r, t, p, 0, now(), now()
            FROM unnest($1::varchar[], $5::varchar[], $6::varchar[], $7::varchar[]) AS u(k, r, t, p)
            ORDER BY k
            ON CONFLICT (row_key) DO NOTHING
            RETURNING row_key
            """
        selectLocks = "SELECT \(Self.lockColumns) FROM \(l) WHERE row_key = ANY($1)"
        // The session's row is written anew first (its status unchanged; the branch row waits
        // for it, in the order every other statement locks them), so a decision taken on the
        // session as read before this report fails on the row's new version and is taken again
        // with the branch's new status (a branch whose phase one failed is not committed).
        updateBranch = """
            WITH session AS (UPDATE \(g) SET status = status WHERE xid = $1 RETURNING xid)
            UPDATE \(b) SET status = $3, application_data = $4, gmt_modified = clock_timestamp()
            WHERE xid = $1 AND xid IN (SELECT xid FROM session) AND branch_id = $2 RETURNING 1
            """
        acquireLease = """
            INSERT INTO \(d) AS held (lock_key, lock_value, expire) VALUES ($1, $2, \(now) + $3)
            ON CONFLICT (lock_key) DO UPDATE SET lock_value = EXCLUDED.lock_value, expire = EXCLUDED.expire
            WHERE held.expire < \(now) OR held.lock_value = EXCLUDED.lock_value
            RETURNING lock_key
            """
        releaseLease = "UPDATE \(d) SET expire = \(now) - 1 WHERE lock_key = $1 AND lock_value = $2"
        renewLease = "UPDATE \(d) SET expire = \(now) + $3 WHERE lock_key = $1 AND lock_value = $2 RETURNING 1"
        liveOwners = "SELECT lock_value FROM \(d) WHERE lock_key LIKE $1 AND expire > \(now)"
        // A branch committed after its session was deleted; the session's insert committed before
        // the branch's began, so a snapshot that sees the branch sees the session unless it went.
        deleteOrphanedBranches = """
            DELETE FROM \(b) b WHERE NOT EXISTS (SELECT 1 FROM \(g) g WHERE g.xid = b.xid) RETURNING 1
            """
        largestId = "SELECT greatest((SELECT max(transaction_id) FROM \(g)), (SELECT max(branch_id) FROM \(b)))"
    }
}
