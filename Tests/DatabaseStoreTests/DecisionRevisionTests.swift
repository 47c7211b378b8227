import DatabaseStore
import DatabaseTestSupport
import SeataProtocol
import Testing
import TransactionCore

/// A decision from Begin is taken on the session's row as read (its revision, `xmin`): a branch
/// registered since, on any coordinator, writes a new version of the row, and the decision fails
/// instead of leaving that branch out of phase two (TransactionCore's `DecisionRaceTests` show
/// the coordinator then deciding again on a fresh read).
@Suite(.serialized) struct DecisionRevisionTests {
    @Test func aDecisionOrEndOnAnOlderRevisionFailsAndTheFreshOneSucceeds() async throws {
        let (store, _, _, _) = try await DatabaseStoreTests.fresh("revision")
        defer { Task { await store.close() } }
        let session = DatabaseStoreTests.session(1)
        try await store.insertGlobal(session, durability: .answer)
        let before = try #require(try await store.global(xid: session.xid)?.storeRevision)
        let tcc = DatabaseStoreTests.branch(10, of: session, type: .tcc)
        #expect(try await store.insertBranch(tcc, locks: .none, requireOpen: true, durability: .answer) == .inserted)
        let at = DatabaseStoreTests.branch(11, of: session, type: .at)
        let locks = DatabaseStoreTests.locks(session, branch: 11, "orders:1")
        #expect(try await store.insertBranch(at, locks: locks, requireOpen: true, durability: .answer) == .inserted)
        let read = try #require(try await store.global(xid: session.xid))
        let after = try #require(read.storeRevision)
        #expect(after != before)
        #expect(read.branches.map(\.branchId) == [10, 11])

        var decision = DatabaseStoreTests.commitDecision(session.xid, revision: before)
        #expect(try await !store.updateGlobalStatus(decision))
        #expect(
            try await !store.deleteGlobal(xid: session.xid, expected: .begin, revision: before, durability: .answer)
        )
        #expect(try await store.global(xid: session.xid)?.status == .begin)
        #expect(try await store.lockedRows(locks.rows.map(\.rowKey)).count == 1)
        decision.revision = after
        #expect(try await store.updateGlobalStatus(decision))
        #expect(try await store.lockedRows(locks.rows.map(\.rowKey)).isEmpty)
    }

    /// The registration holds the session's row when the decision comes: the decision waits,
    /// then finds the row's new version and fails; the branch is in.
    @Test func aDecisionThatWaitedForARegistrationFails() async throws {
        let (store, pg, database, _) = try await DatabaseStoreTests.fresh("revision-wait")
        defer { Task { await store.close() } }
        let session = DatabaseStoreTests.session(2)
        try await store.insertGlobal(session, durability: .answer)
        let revision = try #require(try await store.global(xid: session.xid)?.storeRevision)
        let registration = try await HeldTransaction.registration(
            pg,
            database,
            xid: session.xid,
            branch: "(21, '\(session.xid)', 2, 'stock', 'TCC', 0, now(), now())"
        )
        let decision = StatusChange(
            xid: session.xid,
            expected: .begin,
            status: .rollbacking,
            durability: .decision,
            revision: revision
        )
        #expect(try await !store.updateGlobalStatus(decision))
        try await registration.finish()
        let read = try #require(try await store.global(xid: session.xid))
        #expect(read.status == .begin)
        #expect(read.branches.map(\.branchId) == [21])
    }
}
