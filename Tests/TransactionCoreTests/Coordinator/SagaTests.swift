import SeataProtocol
import Testing
import TransactionCore

/// GlobalReport from a saga engine (DefaultCore.globalReport; TC.md "GlobalReport acts only for
/// SAGA").
struct SagaTests {
    @Test func aSagaReportOfCommittedEndsTheSession() async throws {
        let h = try Harness()
        let xid = try await h.begin(name: "$Saga_trip")
        _ = try await h.register(xid, .saga, resource: "trip")
        #expect(try await h.coordinator.report(xid: xid, status: .committed) == .committed)
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func aSagaReportOfRollbackRetryingQueuesTheSessionForTheJob() async throws {
        let h = try Harness()
        let xid = try await h.begin(name: "$Saga_trip")
        #expect(try await h.coordinator.report(xid: xid, status: .rollbackRetrying) == .rollbackRetrying)
        h.messenger.script("shop#default_tx_group", .status(.phaseTwoRollbacked))
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(
            h.messenger.calls == [
                FakeMessenger.Call(phase: .rollback, branchId: -1, resourceId: "shop#default_tx_group")
            ]
        )
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func aReportOnAnotherKindOfTransactionChangesNothing() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        #expect(try await h.coordinator.report(xid: xid, status: .committed) == .begin)
        #expect(try await h.session(xid)?.status == .begin)
        #expect(try await h.coordinator.report(xid: "127.0.0.1:8091:5", status: .rollbacked) == .rollbacked)
        await h.close()
    }
}
