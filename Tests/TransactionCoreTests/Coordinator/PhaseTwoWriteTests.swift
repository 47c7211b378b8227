import SeataProtocol
import Testing
import TransactionCore

/// What phase two writes to the store.
///
/// A finished branch's removal waits for the next status change, and a session that ends takes
/// its branches with it, so a TCC commit or rollback writes its decision and its end and nothing
/// per branch. Row locks go as soon as their branch is rolled back.
struct PhaseTwoWriteTests {
    @Test func aTccCommitWritesItsDecisionAndItsEndAndNoRemovalPerBranch() async throws {
        let h = try Harness(recording: true)
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        _ = try await h.register(xid, resource: "payment")
        h.writes?.reset()
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(h.messenger.calls(.commit).count == 2)
        #expect(h.writes?.writes == [.changeStatus(.committing), .deleteGlobal])
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func aTccRollbackWritesItsDecisionAndItsEndAndNoRemovalPerBranch() async throws {
        let h = try Harness(recording: true)
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        _ = try await h.register(xid, resource: "payment")
        h.writes?.reset()
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbacked)
        #expect(h.messenger.calls(.rollback).count == 2)
        #expect(h.writes?.writes == [.changeStatus(.rollbacking), .deleteGlobal])
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func aCommitThatMustRetryRemovesTheCommittedBranchBeforeQueueingTheRetry() async throws {
        let h = try Harness(recording: true)
        let xid = try await h.begin()
        let stock = try await h.register(xid, resource: "stock")
        let payment = try await h.register(xid, resource: "payment")
        h.messenger.script("payment", .unreachable, .status(.phaseTwoCommitted))
        h.writes?.reset()
        #expect(try await h.coordinator.commit(xid: xid) == .commitRetrying)
        #expect(
            h.writes?.writes == [
                .changeStatus(.committing), .deleteBranch(stock, releaseLocks: false), .changeStatus(.commitRetrying),
            ]
        )
        #expect(try await h.session(xid)?.branches.map(\.branchId) == [payment])
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(try await h.session(xid) == nil)
        // The retry called only the branch that was left.
        #expect(h.messenger.calls(.commit).map(\.branchId) == [stock, payment, payment])
        await h.close()
    }

    @Test func aRetryPassThatCannotFinishStillWritesTheRemovalsItEarned() async throws {
        let h = try Harness(recording: true)
        let xid = try await h.begin()
        let stock = try await h.register(xid, resource: "stock")
        let payment = try await h.register(xid, resource: "payment")
        h.messenger.script("stock", .unreachable, .status(.phaseTwoCommitted))
        h.messenger.script("payment", .unreachable)
        #expect(try await h.coordinator.commit(xid: xid) == .commitRetrying)
        h.writes?.reset()
        await h.coordinator.runRecoveryJob(.retryCommitting)
        // stock committed, payment still unreachable: the pass stops with stock's removal written.
        #expect(h.writes?.writes == [.deleteBranch(stock, releaseLocks: false)])
        #expect(try await h.session(xid)?.branches.map(\.branchId) == [payment])
        await h.close()
    }

    @Test func anAtRollbackReleasesEachBranchsLocksAsItGoes() async throws {
        let h = try Harness(recording: true)
        let xid = try await h.begin()
        let first = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        let second = try await h.register(xid, .at, resource: "db", lockKey: "orders:2")
        h.writes?.reset()
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbacked)
        #expect(
            h.writes?.writes == [
                .changeStatus(.rollbacking), .deleteBranch(second, releaseLocks: true),
                .deleteBranch(first, releaseLocks: true), .deleteGlobal,
            ]
        )
        #expect(
            try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1,2")
        )
        await h.close()
    }
}
