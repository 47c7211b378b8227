import DatabaseTestSupport
import Testing

/// A branch registration held open until another backend waits for it.
///
/// As the store sends it (the session's row locked and written anew, the branch inserted), run
/// by psql and held at most 30 s: so a test can race a decision or an end against it. Waiting for a waiter rather than a
/// fixed time keeps the race on a loaded machine, where polling once missed a fixed 2 s window.
struct HeldRegistration {
    private let transaction: Task<String, any Error>

    /// Starts the registration of `branch` (a `VALUES` row of branch_table's `branch_id, xid,
    /// transaction_id, resource_id, branch_type, status, gmt_create, gmt_modified`) for `xid`,
    /// and returns once it holds the session's row.
    static func start(_ pg: TestPostgres, _ database: String, xid: String, branch: String) async throws
        -> HeldRegistration
    {
        let transaction = Task {
            try await pg.psql(
                database,
                """
                BEGIN;
                UPDATE global_table SET status = status WHERE xid = '\(xid)' AND 'held-registration' <> '';
                INSERT INTO branch_table (branch_id, xid, transaction_id, resource_id, branch_type, status,
                                          gmt_create, gmt_modified)
                VALUES \(branch);
                DO $$
                BEGIN
                    FOR i IN 1..600 LOOP
                        PERFORM pg_stat_clear_snapshot();
                        EXIT WHEN EXISTS (
                            SELECT 1 FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))
                        );
                        PERFORM pg_sleep(0.05);
                    END LOOP;
                END $$;
                COMMIT;
                """
            )
        }
        // Waiting in its pg_sleep: the row is locked and the branch inserted.
        let holding = """
            SELECT count(*) FROM pg_stat_activity
            WHERE query LIKE '%held-registration%' AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'
            """
        let deadline = ContinuousClock.now + .seconds(20)
        while try await pg.psql(database, holding) == "0" {
            try #require(ContinuousClock.now < deadline, "the registration never got to hold the session's row")
            try await Task.sleep(for: .milliseconds(20))
        }
        return HeldRegistration(transaction: transaction)
    }

    /// Waits for the registration to commit.
    func finish() async throws {
        _ = try await transaction.value
    }
}
