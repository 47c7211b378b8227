import DatabaseTestSupport
import Testing

/// A transaction of another backend, held open until a backend of the store waits for it.
///
/// Held at most 30 s, then committed: so a test can race a call of the store against it.
/// Waiting for a waiter rather than a fixed time keeps the race on a loaded machine, where
/// polling once missed a fixed 2 s window.
struct HeldTransaction {
    private let transaction: Task<String, any Error>

    /// Runs `statements` in a transaction on `database`, and returns once they are done and
    /// the transaction is held.
    static func start(_ pg: TestPostgres, _ database: String, _ statements: String) async throws -> HeldTransaction {
        let transaction = Task {
            try await pg.psql(
                database,
                """
                /* held-transaction */
                BEGIN;
                \(statements);
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
        // Waiting in its pg_sleep: the statements are done.
        let holding = """
            SELECT count(*) FROM pg_stat_activity
            WHERE query LIKE '%held-transaction%' AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'
            """
        let deadline = ContinuousClock.now + .seconds(20)
        while try await pg.psql(database, holding) == "0" {
            try #require(ContinuousClock.now < deadline, "the held transaction never got to hold its rows")
            try await Task.sleep(for: .milliseconds(20))
        }
        return HeldTransaction(transaction: transaction)
    }

    /// A branch registration as the store sends it (the session's row locked and written anew,
    /// the branch inserted) for `xid`; `branch` is a `VALUES` row of branch_table's `branch_id,
    /// xid, transaction_id, resource_id, branch_type, status, gmt_create, gmt_modified`.
    static func registration(_ pg: TestPostgres, _ database: String, xid: String, branch: String) async throws
        -> HeldTransaction
    {
        try await start(
            pg,
            database,
            """
            UPDATE global_table SET status = status WHERE xid = '\(xid)';
            INSERT INTO branch_table (branch_id, xid, transaction_id, resource_id, branch_type, status,
                                      gmt_create, gmt_modified)
            VALUES \(branch)
            """
        )
    }

    /// Waits for the transaction to commit.
    func finish() async throws {
        _ = try await transaction.value
    }
}
