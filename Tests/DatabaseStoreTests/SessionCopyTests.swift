import DatabaseStore
import DatabaseTestSupport
import SeataProtocol
import Testing
import TransactionCore

/// A decision from Begin is taken on the store's copy of a session it opened (no read), and a
/// copy made stale by a write elsewhere fails the decision and is forgotten, so the retry
/// reads the row (`SessionCopies`).
@Suite(.serialized) struct SessionCopyTests {
    static func decision(on session: GlobalSession) -> StatusChange {
        DatabaseStoreTests.commitDecision(session.xid, revision: session.storeRevision)
    }

    @Test func theCopyFollowsTheStoresOwnRegistrationsAndIsTheRowsVersion() async throws {
        let (store, _, _, _) = try await DatabaseStoreTests.fresh("copy")
        defer { Task { await store.close() } }
        let first = DatabaseStoreTests.session(1)
        let second = DatabaseStoreTests.session(2)
        try await store.insertGlobal(first, durability: .opening)
        try await store.insertGlobal(second, durability: .opening)
        let tcc = DatabaseStoreTests.branch(10, of: first)
        #expect(try await store.insertBranch(tcc, locks: .none, requireOpen: true, durability: .answer) == .inserted)
        let at = DatabaseStoreTests.branch(11, of: first, type: .at)
        let locks = DatabaseStoreTests.locks(first, branch: 11, "orders:1")
        #expect(try await store.insertBranch(at, locks: locks, requireOpen: true, durability: .answer) == .inserted)
        // The other session's AT branch wants the same row: refused, its copy still good.
        let blocked = DatabaseStoreTests.branch(20, of: second, type: .at)
        let wanted = DatabaseStoreTests.locks(second, branch: 20, "orders:1")
        let refusal = try await store.insertBranch(blocked, locks: wanted, requireOpen: true, durability: .answer)
        guard case .lockConflict = refusal else {
            Issue.record("expected a lock conflict, got \(refusal)")
            return
        }

        for xid in [first.xid, second.xid] {
            let copy = try #require(try await store.globalToDecide(xid: xid))
            let row = try #require(try await store.global(xid: xid))
            #expect(copy.storeRevision == row.storeRevision)
            #expect(copy.branches.map(\.branchId) == row.branches.map(\.branchId))
        }
        let copy = try #require(try await store.globalToDecide(xid: first.xid))
        #expect(try await store.updateGlobalStatus(Self.decision(on: copy)))
        #expect(try await store.global(xid: first.xid)?.status == .committing)
        #expect(try await store.lockedRows(locks.rows.map(\.rowKey)).isEmpty)
    }

    /// The copy is what the store wrote, not a read: a change behind its back shows only after
    /// the decision taken on the copy has failed.
    @Test func aDecisionOnAStaleCopyFailsAndTheNextReadIsFresh() async throws {
        let (store, pg, database, _) = try await DatabaseStoreTests.fresh("copy-stale")
        defer { Task { await store.close() } }
        let session = DatabaseStoreTests.session(3)
        try await store.insertGlobal(session, durability: .opening)
        try await pg.psql(database, "UPDATE global_table SET transaction_name = 'renamed' WHERE xid = '\(session.xid)'")

        let copy = try #require(try await store.globalToDecide(xid: session.xid))
        #expect(copy.transactionName == session.transactionName)
        #expect(try await !store.updateGlobalStatus(Self.decision(on: copy)))
        let fresh = try #require(try await store.globalToDecide(xid: session.xid))
        #expect(fresh.transactionName == "renamed")
        #expect(try await store.updateGlobalStatus(Self.decision(on: fresh)))
    }

    /// Another coordinator's registration and report make this one's copy stale; its decision
    /// fails and is taken on the row, with that branch and that status.
    @Test func anotherCoordinatorsRegistrationOrReportFailsTheDecisionOnTheCopy() async throws {
        let (store, _, _, settings) = try await DatabaseStoreTests.fresh("copy-other")
        defer { Task { await store.close() } }
        let other = try await DatabaseStore.open(settings)
        defer { Task { await other.close() } }
        let session = DatabaseStoreTests.session(4)
        try await store.insertGlobal(session, durability: .opening)
        let mine = DatabaseStoreTests.branch(40, of: session)
        #expect(try await store.insertBranch(mine, locks: .none, requireOpen: true, durability: .answer) == .inserted)
        let theirs = DatabaseStoreTests.branch(41, of: session)
        #expect(try await other.insertBranch(theirs, locks: .none, requireOpen: true, durability: .answer) == .inserted)

        let stale = try #require(try await store.globalToDecide(xid: session.xid))
        #expect(stale.branches.map(\.branchId) == [40])
        #expect(try await !store.updateGlobalStatus(Self.decision(on: stale)))
        let read = try #require(try await store.globalToDecide(xid: session.xid))
        #expect(read.branches.map(\.branchId) == [40, 41])

        // A report on the other coordinator writes the session's row too.
        #expect(
            try await other.updateBranch(
                xid: session.xid,
                branchId: 40,
                status: .phaseOneFailed,
                applicationData: "",
                durability: .answer
            )
        )
        #expect(try await !store.updateGlobalStatus(Self.decision(on: read)))
        let reported = try #require(try await store.globalToDecide(xid: session.xid))
        #expect(reported.branches.first { $0.branchId == 40 }?.status == .phaseOneFailed)
        #expect(try await store.updateGlobalStatus(Self.decision(on: reported)))
    }
}
