import SeataProtocol
import Testing
import TransactionCore

/// GlobalRollback, timeouts and the retry-rollbacking job (TC.md "Rollback", "Timeout").
struct RollbackTests {
    @Test func rollbackCallsBranchesInReverseRegistrationOrder() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let first = try await h.register(xid, resource: "stock")
        let second = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbacked)
        #expect(h.messenger.calls.map(\.branchId) == [second, first])
        #expect(h.messenger.calls(.commit).isEmpty)
        #expect(try await h.session(xid) == nil)
        #expect(
            try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1")
        )
        await h.close()
    }

    @Test func anUnreachableRMLeavesRollbackRetryingUntilTheJobGetsThrough() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        h.messenger.script(
            "stock",
            .unreachable,
            .status(.phaseTwoRollbackFailedRetryable),
            .status(.phaseTwoRollbacked)
        )
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        // The AT branch rolled back and gave its row up; the TCC branch is retried.
        #expect(try await h.session(xid)?.branches.map(\.resourceId) == ["stock"])
        #expect(
            try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1")
        )
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await h.session(xid)?.status == .rollbackRetrying)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await h.session(xid) == nil)
        #expect(h.messenger.calls(.rollback).filter { $0.resourceId == "stock" }.count == 3)
        await h.close()
    }

    @Test func anRMRefusingForGoodEndsRollbackFailedKeepingTheRowsLocked() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        h.messenger.script("db", .status(.phaseTwoRollbackFailedUnretryable))
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackFailed)
        #expect(try await h.session(xid)?.status == .rollbackFailed)
        #expect(
            !(try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1"))
        )
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(h.messenger.calls.count == 1)
        await h.close()
    }

    @Test(arguments: [false, true])
    func rollbackRetriedPastMaxRollbackRetryTimeoutEndsRollbackRetryTimeout(_ unlock: Bool) async throws {
        var settings = CoreSettings()
        settings.maxRollbackRetryTimeout = .seconds(2)
        settings.rollbackRetryTimeoutUnlockEnable = unlock
        let h = try Harness(settings: settings)
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        h.messenger.script("db", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        h.clock.advance(milliseconds: 2_001)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(h.messenger.calls.count == 1)
        #expect(try await h.session(xid)?.status == .rollbackRetryTimeout)
        let lockable = try await h.coordinator.isLockable(
            xid: "other",
            branchType: .at,
            resourceId: "db",
            lockKey: "orders:1"
        )
        #expect(lockable == unlock)
        await h.close()
    }

    @Test func aTimedOutSessionIsClosedAndItsBranchesGetBranchRollback() async throws {
        let h = try Harness()
        let xid = try await h.begin(timeout: 5_000)
        let first = try await h.register(xid, resource: "stock")
        let second = try await h.register(xid, resource: "payment")
        await h.coordinator.runRecoveryJob(.timeoutCheck)
        #expect(try await h.session(xid)?.status == .begin)
        h.clock.advance(milliseconds: 5_001)
        await h.coordinator.runRecoveryJob(.timeoutCheck)
        #expect(try await h.session(xid)?.status == .timeoutRollbacking)
        let late = await transactionError { try await h.register(xid, resource: "late") }
        #expect(late?.code == .globalTransactionNotActive)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(h.messenger.calls.map(\.branchId) == [second, first])
        #expect(h.messenger.calls.allSatisfy { $0.phase == .rollback })
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func aTimedOutRollbackThatMustRetryIsTimeoutRollbackRetrying() async throws {
        let h = try Harness()
        let xid = try await h.begin(timeout: 1_000)
        _ = try await h.register(xid, resource: "stock")
        h.clock.advance(milliseconds: 1_001)
        await h.coordinator.runRecoveryJob(.timeoutCheck)
        h.messenger.script("stock", .status(.phaseTwoRollbackFailedUnretryable))
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await h.session(xid)?.status == .timeoutRollbackFailed)
        await h.close()
    }

    @Test func rollbackOfADecidedSessionAnswersItsStatus() async throws {
        let h = try Harness(settings: .atBranchesByTheJob)
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(try await h.coordinator.rollback(xid: xid) == .asyncCommitting)
        #expect(h.messenger.calls.isEmpty)
        await h.close()
    }
}
