/// The statements `SessionBatches` sends: each serves any number of calls at once, its values
/// bound as arrays and spread into rows with `unnest` (`WITH ORDINALITY` where the answer is
/// per call).
///
/// Every table is reached through `= ANY($n)` on an indexed column, never a join on the
/// unnested input alone: the planner cannot size `unnest`, and a sequential scan of a table
/// that churns (rows deleted at every end) costs more the longer it runs.
///
/// Rows of the global table are locked in xid order (`… ORDER BY xid FOR NO KEY UPDATE/UPDATE`),
/// so two batches on overlapping sessions (two coordinators) queue instead of deadlocking. A
/// batch on one session locks one row and needs no order: its statement (`…OfOne`) leaves out
/// that locking step, which was about a tenth of PostgreSQL's CPU in the commit benchmark.
/// A statement that waited for the row sees its latest version (READ COMMITTED re-checks the
/// WHERE clause on it), so compare-and-set holds either way.
///
/// A session's row version (PostgreSQL's `xmin`) is its revision (`GlobalSession.storeRevision`):
/// a branch registration writes a new version of its session's row, and a decision from `Begin`
/// changes or deletes the row only if it is still the version the decision was taken on. So a
/// branch registered on another coordinator between a coordinator's read and its decision fails
/// the decision (which is taken again on a fresh read) instead of being left out of phase two;
/// one that waits for the decision's row lock finds the session closed.
struct BatchSQL: Sendable {
    let insertGlobals: String
    let selectSessions: String
    let selectBranchesOfMany: String
    let selectLocksOfMany: String
    let insertBranches: String
    let insertBranchesOfOne: String
    let updateStatuses: String
    let updateStatusOfOne: String
    let releaseOrMarkLocks: String
    let deleteGlobals: String
    let endGlobals: String
    let endGlobalOfOne: String
    let deleteBranchesAndLocksOfXids: String
    let deleteBranches: String
    /// Tells apart the prepared statements of different table namings.
    let digest: String

    init(_ tables: TableNames) {
        digest = Self.digest(tables)
        let g = tables.global
        let b = tables.branch
        let l = tables.lock
        // $10: the commit's synchronous_commit (`off` for new sessions: `Durability.opening`).
        // Each row's xid and version (`SessionCopies`).
        insertGlobals = """
            WITH added AS (
                INSERT INTO \(g) (\(StoreSQL.globalColumns), gmt_create, gmt_modified)
                SELECT u.*, now(), now()
                FROM unnest($1::varchar[], $2::bigint[], $3::smallint[], $4::varchar[], $5::varchar[],
                            $6::varchar[], $7::int[], $8::bigint[], $9::varchar[]) AS u
                RETURNING xid, xmin::text AS revision
            )
            SELECT xid, revision, set_config('synchronous_commit', $10, true) FROM added
            """
        // The sessions with their row versions and branches in one statement (`Rows.SessionRow`):
        // a session without branches comes on one row with the branch columns null.
        selectSessions = """
            SELECT \(Self.qualified(StoreSQL.globalColumns, "g")), g.xmin::text,
                   \(Self.qualified(StoreSQL.branchColumns, "b"))
            FROM \(g) g LEFT JOIN \(b) b ON b.xid = g.xid AND b.xid = ANY($1)
            WHERE g.xid = ANY($1)
            ORDER BY g.xid, b.gmt_create, b.branch_id
            """
        selectBranchesOfMany =
            "SELECT \(StoreSQL.branchColumns) FROM \(b) WHERE xid = ANY($1) ORDER BY gmt_create, branch_id"
        selectLocksOfMany = "SELECT \(StoreSQL.lockColumns) FROM \(l) WHERE xid = ANY($1)"
        insertBranches = Self.insertBranches(g, b, ordered: true)
        insertBranchesOfOne = Self.insertBranches(g, b, ordered: false)
        updateStatuses = Self.updateStatuses(g, ordered: true)
        updateStatusOfOne = Self.updateStatuses(g, ordered: false)
        // $1: xids whose locks go, $2: xids whose locks turn Rollbacking (disjoint).
        releaseOrMarkLocks = """
            WITH released AS (DELETE FROM \(l) WHERE xid = ANY($1))
            UPDATE \(l) SET status = 1, gmt_modified = now() WHERE xid = ANY($2)
            """
        // The xids deleted (`sessionsGone`); $3: the transaction's synchronous_commit (`off` when
        // every call is deferred).
        let answer = "SELECT xid, set_config('synchronous_commit', $3, true) FROM gone"
        deleteGlobals = Self.sessionsGone(g, ordered: true) + "\n" + answer
        // `deleteGlobals` with the branches and locks in the same statement, for sessions no
        // longer open. One snapshot serves the whole statement, so a branch committed while the
        // row lock was awaited is not seen: only a SAGA registration (which does not require an
        // open session) can do that, and `deleteOrphanedBranches` (a job) removes it later.
        let withBranchesAndLocks = """
            ,
            branches AS (DELETE FROM \(b) WHERE xid = ANY($1::varchar[]) AND xid IN (SELECT xid FROM gone)),
            locks AS (DELETE FROM \(l) WHERE xid = ANY($1::varchar[]) AND xid IN (SELECT xid FROM gone))

            """
        endGlobals = Self.sessionsGone(g, ordered: true) + withBranchesAndLocks + answer
        endGlobalOfOne = Self.sessionsGone(g, ordered: false) + withBranchesAndLocks + answer
        // $1 xids, $2 the synchronous_commit (as in `deleteBranches`).
        deleteBranchesAndLocksOfXids = """
            WITH branches AS (DELETE FROM \(b) WHERE xid = ANY($1)),
            locks AS (DELETE FROM \(l) WHERE xid = ANY($1))
            SELECT set_config('synchronous_commit', $2, true)
            """
        // $1 xids, $2 their branch ids, $3 the branch ids whose locks go too, $4 the
        // statement's synchronous_commit (`off` when every call is deferred). Both deletes are
        // data-modifying CTEs, which always run; the SELECT only sets the commit's flushing.
        deleteBranches = """
            WITH gone AS (
                DELETE FROM \(b) b USING unnest($1::varchar[], $2::bigint[]) AS u(xid, branch_id)
                WHERE b.branch_id = ANY($2::bigint[]) AND b.xid = u.xid AND b.branch_id = u.branch_id
            ),
            released AS (DELETE FROM \(l) WHERE branch_id = ANY($3::bigint[]))
            SELECT set_config('synchronous_commit', $4, true)
            """
    }

    /// Inserts branches ($1…$10: their columns and `require_open`, the session must still be
    /// open).
    ///
    /// Each session's row is locked (in xid order when `ordered`) and written anew (its status
    /// unchanged: a HOT update): a decision on any coordinator waits until these branches are
    /// in, or sees them refused, and one taken on the row as read before them fails on its new
    /// version (`xmin`, returned for `SessionCopies`).
    static func insertBranches(_ g: String, _ b: String, ordered: Bool) -> String {
        let owner =
            ordered
            ? """
            locked AS (SELECT xid FROM \(g) WHERE xid = ANY($2::varchar[]) ORDER BY xid FOR NO KEY UPDATE),
            owner AS (
                UPDATE \(g) AS g SET status = g.status FROM locked
                WHERE g.xid = ANY($2::varchar[]) AND g.xid = locked.xid
                RETURNING g.xid, g.status, g.xmin::text AS revision
            ),
            """
            : """
            owner AS (
                UPDATE \(g) AS g SET status = g.status WHERE g.xid = ANY($2::varchar[])
                RETURNING g.xid, g.status, g.xmin::text AS revision
            ),
            """
        return """
            WITH input AS (
                SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::bigint[], $4::varchar[], $5::varchar[],
                                     $6::varchar[], $7::smallint[], $8::varchar[], $9::varchar[], $10::bool[])
                    WITH ORDINALITY AS u(branch_id, xid, transaction_id, resource_group_id, resource_id,
                                         branch_type, status, client_id, application_data, require_open, n)
            ),
            \(owner)
            added AS (
                INSERT INTO \(b) (\(StoreSQL.branchColumns), gmt_create, gmt_modified)
                SELECT i.branch_id, i.xid, i.transaction_id, i.resource_group_id, i.resource_id, i.branch_type,
                       i.status, i.client_id, i.application_data, clock_timestamp(), clock_timestamp()
                FROM input i JOIN owner o ON o.xid = i.xid
                WHERE NOT i.require_open OR o.status = 1
                RETURNING branch_id
            )
            SELECT i.n, o.status, EXISTS (SELECT 1 FROM added a WHERE a.branch_id = i.branch_id), o.revision
            FROM input i LEFT JOIN owner o ON o.xid = i.xid
            """
    }

    /// Compare-and-set per xid ($1 xids, $2 expected, $3 new status, $4 the row version
    /// expected, '' for any), the rows locked in xid order first when `ordered`; the xids
    /// changed return.
    ///
    /// The status comparisons here and in `sessionsGone` read `g.status + 0`, which no index
    /// serves: a generic plan made while the table held many dead rows once took Seata's
    /// `(status, gmt_modified)` index for them, and visited every session in the expected
    /// status (thousands) for each row of a batch, 7 ms a statement instead of 0.2. The rows
    /// are found by xid, on the primary key, whatever the statistics say (`StatementPlanTests`).
    static func updateStatuses(_ g: String, ordered: Bool) -> String {
        let (target, inTarget) = lockedTargets(g, ordered: ordered)
        return """
            WITH input AS (
                SELECT * FROM unnest($1::varchar[], $2::smallint[], $3::smallint[], $4::text[])
                    AS u(xid, expected, status, revision)
            )\(target)
            UPDATE \(g) AS g SET status = i.status, gmt_modified = now() FROM input i
            WHERE g.xid = ANY($1::varchar[]) AND g.xid = i.xid AND g.status + 0 = i.expected
              AND (i.revision = '' OR g.xmin::text = i.revision)\(inTarget)
            RETURNING g.xid
            """
    }

    /// The sessions deleted if still in the expected status ($1 xids, $2 expected, $4 the row
    /// version expected, '' for any), as the CTE `gone` of their xids; the rows locked in xid
    /// order first when `ordered`.
    static func sessionsGone(_ g: String, ordered: Bool) -> String {
        let (target, inTarget) = lockedTargets(g, ordered: ordered)
        return """
            WITH input AS (
                SELECT * FROM unnest($1::varchar[], $2::smallint[], $4::text[]) AS u(xid, expected, revision)
            )\(target),
            gone AS (
                DELETE FROM \(g) AS g USING input i
                WHERE g.xid = ANY($1::varchar[]) AND g.xid = i.xid AND g.status + 0 = i.expected
                  AND (i.revision = '' OR g.xmin::text = i.revision)\(inTarget)
                RETURNING g.xid
            )
            """
    }

    /// The CTE `target` that locks the rows a compare-and-set on `input` will change, in xid
    /// order, and the condition that limits the change to them; both empty when not `ordered`.
    private static func lockedTargets(_ g: String, ordered: Bool) -> (cte: String, condition: String) {
        guard ordered else { return ("", "") }
        let cte = """
            ,
            target AS (
                SELECT g.xid FROM \(g) g JOIN input i ON i.xid = g.xid AND g.status + 0 = i.expected
                    AND (i.revision = '' OR g.xmin::text = i.revision)
                WHERE g.xid = ANY($1::varchar[])
                ORDER BY g.xid FOR UPDATE OF g
            )
            """
        return (cte, " AND g.xid IN (SELECT xid FROM target)")
    }

    /// `columns` (a comma-separated list) each prefixed with `alias`.
    static func qualified(_ columns: String, _ alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.drop { $0 == " " })" }.joined(separator: ", ")
    }
}
