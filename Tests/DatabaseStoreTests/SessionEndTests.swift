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
        #expect(try await !store.deleteGlobal(xid: session.xid, expected: .committing, durability: .answer))
        #expect(try await store.lockedRows(locks.rows.map(\.rowKey)).count == 2)
        // The end after phase two answers at once and reaches the database in the background.
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .rollbacking, durability: .deferred))
        try await Self.waitForRows("0 0 0", pg, database)
    }

    /// The end after phase two does not wait for the database: with the server away it still
    /// answers at once, and the session it could not remove stays for the recovery jobs.
    @Test func anEndAfterPhaseTwoAnswersAtOnceAndAFailedOneLeavesTheSession() async throws {
        let pg = try await TestPostgres.start()
        defer { Task { await pg.destroy() } }
        let (database, url) = try await pg.createDatabase("end-away")
        let settings = try DatabaseStoreTests.settings(url)
        _ = try await DatabaseStore.initialize(settings)
        let store = try await DatabaseStore.open(settings)
        let session = DatabaseStoreTests.session(4)
        try await store.insertGlobal(session, durability: .answer)
        #expect(
            try await store.updateGlobalStatus(
                StatusChange(xid: session.xid, expected: .begin, status: .committing, durability: .decision)
            )
        )
        try await pg.stop()
        let started = ContinuousClock.now
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .committing, durability: .deferred))
        // A call that waited would take store.db.maxWait (3 s) to fail.
        #expect(ContinuousClock.now - started < .seconds(1))
        await store.close()
        try await pg.restart()
        #expect(try await Self.rowsLeft(pg, database) == "1 0 0")
    }

    /// A session whose end is on its way to the database reads as ended.
    ///
    /// Its row is still there, but the xid's lock is no longer held, and a recovery job reading
    /// the row would drive its phase two again. An end that finds the session changed (here another
    /// coordinator moved it on while holding its row) gives it back to the reads, for the
    /// recovery jobs.
    @Test func aSessionBeingEndedReadsAsEndedUntilItsEndFindsItChanged() async throws {
        let (store, pg, database, _) = try await DatabaseStoreTests.fresh("end-pending")
        defer { Task { await store.close() } }
        let session = DatabaseStoreTests.session(5)
        try await store.insertGlobal(session, durability: .answer)
        #expect(
            try await store.updateGlobalStatus(
                StatusChange(xid: session.xid, expected: .begin, status: .committing, durability: .decision)
            )
        )
        let other = try await HeldTransaction.start(
            pg,
            database,
            "UPDATE global_table SET status = \(GlobalStatus.committed.rawValue) WHERE xid = '\(session.xid)'"
        )
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .committing, durability: .deferred))
        #expect(try await store.global(xid: session.xid) == nil)
        #expect(try await Self.rowsLeft(pg, database) == "1 0 0")
        try await other.finish()
        let deadline = ContinuousClock.now + .seconds(10)
        var read = try await store.global(xid: session.xid)
        while read == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            read = try await store.global(xid: session.xid)
        }
        #expect(read?.status == .committed)
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
        // The registration's statement, as the store sends it: the session's row locked and
        // written anew, the branch inserted; held open until the end waits for the row.
        let registration = try await HeldTransaction.registration(
            pg,
            database,
            xid: session.xid,
            branch: "(99, '\(session.xid)', 2, 'saga-res', 'SAGA', 0, now(), now())"
        )
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .committing, durability: .deferred))
        try await registration.finish()
        try await Self.waitForRows("0 1 0", pg, database)
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

    /// Waits (10 s at most) until the tables hold `rows` (as `rowsLeft` tells them).
    static func waitForRows(_ rows: String, _ pg: TestPostgres, _ database: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var left = try await rowsLeft(pg, database)
        while left != rows, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            left = try await rowsLeft(pg, database)
        }
        #expect(left == rows, "rows left in global, branch and lock tables")
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

/// Calls on many sessions at once go in batches of several sessions (`BatchSQL`'s ordered
/// statements) and of one (`…OfOne`): every registration, decision and end takes effect.
@Suite(.serialized) struct ManySessionsTests {
    @Test func manySessionsAtOnceRegisterDecideAndEnd() async throws {
        let (store, pg, database, _) = try await DatabaseStoreTests.fresh("many")
        defer { Task { await store.close() } }
        let sessions = (1...32).map { DatabaseStoreTests.session(Int64($0)) }
        for session in sessions { try await store.insertGlobal(session, durability: .opening) }
        let registered = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (index, session) in sessions.enumerated() {
                group.addTask {
                    let branch = DatabaseStoreTests.branch(Int64(100 + index), of: session)
                    return try await store.insertBranch(branch, locks: .none, requireOpen: true, durability: .answer)
                        == .inserted
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(registered == sessions.count)
        let decided = try await withThrowingTaskGroup(of: Bool.self) { group in
            for session in sessions {
                group.addTask {
                    let copy = try await store.globalToDecide(xid: session.xid)
                    return try await store.updateGlobalStatus(
                        DatabaseStoreTests.commitDecision(session.xid, revision: copy?.storeRevision)
                    )
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(decided == sessions.count)
        let ended = try await withThrowingTaskGroup(of: Bool.self) { group in
            for session in sessions {
                group.addTask {
                    try await store.deleteGlobal(xid: session.xid, expected: .committing, durability: .answer)
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(ended == sessions.count)
        #expect(try await SessionEndTests.rowsLeft(pg, database) == "0 0 0")
    }
}
