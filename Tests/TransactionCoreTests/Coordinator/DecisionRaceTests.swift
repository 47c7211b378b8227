import SeataProtocol
import Synchronization
import Testing
import TransactionCore

/// A branch registered on another coordinator between a read and the decision is driven too.
///
/// On a store shared by several coordinators, a branch can register on another coordinator
/// between this one's read of a session and its decision. The decision then fails on the row's
/// new revision and is taken again on a fresh read, so phase two reaches that branch too.
struct DecisionRaceTests {
    /// A coordinator over a `SharedRowStore`, a session begun on it with a TCC branch, and a
    /// second branch set to register elsewhere just before the decision.
    private struct Race {
        let h: Harness
        let store: SharedRowStore
        let coordinator: TransactionCoordinator
        let xid: String
        let first: Int64?
        let late: BranchSession

        init(firstBranch: Bool = true) async throws {
            h = try Harness()
            store = SharedRowStore(base: h.store)
            coordinator = h.coordinator(over: store, workerId: 3)
            xid = try await coordinator.begin(
                applicationId: "shop",
                transactionServiceGroup: "g",
                name: "t",
                timeout: 60_000
            )
            first =
                firstBranch
                ? try await coordinator.registerBranch(
                    xid: xid,
                    branchType: .tcc,
                    resourceId: "stock",
                    clientId: Harness.rm,
                    lockKey: "",
                    applicationData: ""
                ) : nil
            late = SharedRowStore.branch(of: xid, resourceId: "payment")
            store.registerBeforeNextDecision(late)
        }
    }

    @Test func aBranchRegisteredElsewhereBeforeTheCommitDecisionIsCommittedToo() async throws {
        let race = try await Race()
        #expect(try await race.coordinator.commit(xid: race.xid) == .committed)
        #expect(race.store.refusedDecisions == 1)
        #expect(race.h.messenger.calls(.commit).map(\.branchId) == [race.first, race.late.branchId])
        #expect(try await race.store.global(xid: race.xid) == nil)
        await race.h.close()
    }

    @Test func aBranchRegisteredElsewhereBeforeTheRollbackDecisionIsRolledBackFirst() async throws {
        let race = try await Race()
        #expect(try await race.coordinator.rollback(xid: race.xid) == .rollbacked)
        #expect(race.store.refusedDecisions == 1)
        #expect(race.h.messenger.calls(.rollback).map(\.branchId) == [race.late.branchId, race.first])
        await race.h.close()
    }

    @Test func anEmptyCommitRacedByARegistrationCommitsTheNewBranch() async throws {
        let race = try await Race(firstBranch: false)
        #expect(try await race.coordinator.commit(xid: race.xid) == .committed)
        #expect(race.store.refusedDecisions == 1)
        #expect(race.h.messenger.calls(.commit).map(\.branchId) == [race.late.branchId])
        await race.h.close()
    }
}

/// The file store with what a store shared by several coordinators adds.
///
/// Each session read carries its row's revision, a registration changes it, and a decision or deletion from an
/// older revision fails. `registerBeforeNextDecision` has a branch register (as on another
/// coordinator) just before the next decision reaches the store.
final class SharedRowStore: ForwardingStore, @unchecked Sendable {
    private let state = Mutex((revision: 1, pending: BranchSession?.none, refused: 0))

    /// How many decisions failed on a stale revision.
    var refusedDecisions: Int { state.withLock { $0.refused } }

    func registerBeforeNextDecision(_ branch: BranchSession) {
        state.withLock { $0.pending = branch }
    }

    static func branch(of xid: String, resourceId: String) -> BranchSession {
        BranchSession(
            branchId: 9_000_001,
            xid: xid,
            transactionId: 1,
            resourceId: resourceId,
            branchType: .tcc,
            clientId: Harness.rm
        )
    }

    override func global(xid: String) async throws -> GlobalSession? {
        guard var session = try await super.global(xid: xid) else { return nil }
        session.storeRevision = String(state.withLock { $0.revision })
        return session
    }

    override func insertBranch(
        _ branch: BranchSession,
        locks: LockRequest,
        requireOpen: Bool,
        durability: Durability
    ) async throws -> BranchInsertion {
        let inserted = try await super
            .insertBranch(branch, locks: locks, requireOpen: requireOpen, durability: durability)
        if inserted == .inserted { state.withLock { $0.revision += 1 } }
        return inserted
    }

    override func updateGlobalStatus(_ change: StatusChange) async throws -> Bool {
        guard try await current(change.revision) else { return false }
        return try await super.updateGlobalStatus(change)
    }

    override func deleteGlobal(xid: String, expected: GlobalStatus, revision: String?, durability: Durability)
        async throws -> Bool
    {
        guard try await current(revision) else { return false }
        return try await super.deleteGlobal(xid: xid, expected: expected, revision: revision, durability: durability)
    }

    /// Lets the pending registration in first; then whether `revision` (if any) is the row's.
    private func current(_ revision: String?) async throws -> Bool {
        let pending = state.withLock { state -> BranchSession? in
            defer { state.pending = nil }
            return state.pending
        }
        if let pending {
            #expect(try await insertBranch(pending, locks: .none, requireOpen: true, durability: .answer) == .inserted)
        }
        guard let revision else { return true }
        return state.withLock { state in
            guard revision == String(state.revision) else {
                state.refused += 1
                return false
            }
            return true
        }
    }
}
