import DatabaseStore
import DatabaseTestSupport
import Foundation
import SeataProtocol
import Testing
import TransactionCore

/// A session's end removes its branches and locks with it, whatever else is in flight.
@Suite(.serialized) struct SessionEndTests {
    @Test func aDecidedSessionEndsWithItsBranchesAndTheLocksItStillHeld() async throws {
        let (store, pg, database, _) = try await DatabaseStoreTests.fresh("end-decided")
        defer { Task { await store.close() } }
        let session = DatabaseStoreTests.session(1)
        try await store.insertGlobal(session, durability: .answer)
        let at = DatabaseStoreTests.branch(11, of: session, type: .at)
        let locks = DatabaseStoreTests.locks(session, branch: 11, "orders:1,2")
        #expect(try await store.insertBranch(at, locks: locks, requireOpen: true, durability: .answer) == .inserted)
        let rollingBack = StatusChange(
            xid: session.xid,
            expected: .begin,
            status: .rollbacking,
            locks: .markRollbacking,
            durability: .decision
        )
        #expect(try await store.updateGlobalStatus(rollingBack))
        // A status other than the one expected ends nothing.
        #expect(try await !store.deleteGlobal(xid: session.xid, expected: .committing, durability: .deferred))
        #expect(try await store.lockedRows(locks.rows.map(\.rowKey)).count == 2)
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .rollbacking, durability: .deferred))
        #expect(try await Self.rowsLeft(pg, database) == "0 0 0")
    }

    /// A SAGA branch registers whatever its session's status (on another coordinator, say); one
    /// that commits while the end waits for the session's row is left behind by the end's one
    /// statement, and goes with the timeout-check job's `removeOrphanedBranches`, which leaves
    /// the branches of live sessions alone.
    @Test func aSagaBranchCommittedWhileItsSessionEndedGoesWithTheNextOrphanSweep() async throws {
        let (store, pg, database, _) = try await DatabaseStoreTests.fresh("end-saga")
        defer { Task { await store.close() } }
        let session = DatabaseStoreTests.session(2)
        try await store.insertGlobal(session, durability: .answer)
        let committing = StatusChange(
            xid: session.xid,
            expected: .begin,
            status: .committing,
            locks: .keep,
            durability: .decision
        )
        #expect(try await store.updateGlobalStatus(committing))
        // The registration's statement, as the store sends it: the session's row share-locked,
        // the branch inserted; held open until a backend waits for it (the end, for the row), at
        // most 30 s. Waiting for that rather than a fixed time keeps the race this test is about
        // on a loaded machine, where the polling once missed a fixed 2 s window.
        let registration = Task {
            try await pg.psql(
                database,
                """
                BEGIN;
                SELECT 'saga-registration' FROM global_table WHERE xid = '\(session.xid)' FOR SHARE;
                INSERT INTO branch_table (branch_id, xid, transaction_id, resource_id, branch_type, status,
                                          gmt_create, gmt_modified)
                VALUES (99, '\(session.xid)', 2, 'saga-res', 'SAGA', 0, now(), now());
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
        // Waiting in its pg_sleep: the row is share-locked and the branch inserted.
        let holding = """
            SELECT count(*) FROM pg_stat_activity
            WHERE query LIKE '%saga-registration%' AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'
            """
        let deadline = ContinuousClock.now + .seconds(20)
        while try await pg.psql(database, holding) == "0" {
            try #require(ContinuousClock.now < deadline, "the registration never got to hold the session's row")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .committing, durability: .deferred))
        _ = try await registration.value
        let live = DatabaseStoreTests.session(3)
        try await store.insertGlobal(live, durability: .answer)
        let liveBranch = DatabaseStoreTests.branch(31, of: live, type: .tcc)
        #expect(
            try await store.insertBranch(liveBranch, locks: .none, requireOpen: true, durability: .answer) == .inserted
        )
        #expect(try await Self.rowsLeft(pg, database) == "1 2 0")
        #expect(try await store.removeOrphanedBranches() == 1)
        #expect(try await Self.rowsLeft(pg, database) == "1 1 0")
        #expect(try await store.removeOrphanedBranches() == 0)
    }

    /// Rows left in the global, branch and lock tables.
    static func rowsLeft(_ pg: TestPostgres, _ database: String) async throws -> String {
        try await pg.psql(
            database,
            "SELECT (SELECT count(*) FROM global_table) || ' ' || (SELECT count(*) FROM branch_table) || ' '"
                + " || (SELECT count(*) FROM lock_table)"
        )
    }
}
