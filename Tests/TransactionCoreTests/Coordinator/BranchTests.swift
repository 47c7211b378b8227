import SeataProtocol
import Testing
import TransactionCore

/// BranchRegister, BranchReport and the application data limit (AbstractCore).
struct BranchTests {
    @Test func registeringIntoAnUnknownXidIsGlobalTransactionNotExist() async throws {
        let h = try Harness()
        let error = await transactionError { try await h.register("127.0.0.1:8091:99", resource: "stock") }
        #expect(error?.code == .globalTransactionNotExist)
        let foreign = await transactionError { try await h.register("not-an-xid", resource: "stock") }
        #expect(foreign?.code == .globalTransactionNotExist)
        await h.close()
    }

    @Test func registeringAfterTheCommitDecisionIsGlobalTransactionNotActive() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        let error = await transactionError { try await h.register(xid, resource: "late") }
        #expect(error?.code == .globalTransactionNotActive)
        await h.close()
    }

    @Test func aRegisteredBranchIsStoredAsTheRMSentIt() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let id = try await h.register(
            xid,
            .at,
            resource: "db",
            lockKey: "orders:1",
            applicationData: #"{"autoCommit":true}"#
        )
        let branch = try #require(try await h.session(xid)?.branches.first)
        #expect(branch.branchId == id)
        #expect(branch.xid == xid)
        #expect(branch.transactionId == Xid.transactionId(of: xid))
        #expect(branch.status == .registered)
        #expect(branch.clientId == Harness.rm)
        #expect(branch.lockKey == "orders:1")
        #expect(branch.applicationData == #"{"autoCommit":true}"#)
        await h.close()
    }

    @Test func branchReportChangesTheStatusAndData() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let id = try await h.register(xid, resource: "stock")
        try await h.coordinator.reportBranch(xid: xid, branchId: id, status: .phaseOneFailed, applicationData: "x")
        let branch = try #require(try await h.session(xid)?.branches.first)
        #expect(branch.status == .phaseOneFailed)
        #expect(branch.applicationData == "x")
        // A branch failed in phase one is dropped by rollback without a call.
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbacked)
        #expect(h.messenger.calls.isEmpty)
        await h.close()
    }

    @Test func branchReportOfAnUnknownBranchOrXidIsRefused() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let noBranch = await transactionError {
            try await h.coordinator.reportBranch(xid: xid, branchId: 7, status: .phaseOneDone, applicationData: "")
        }
        #expect(noBranch?.code == .branchTransactionNotExist)
        let noXid = await transactionError {
            try await h.coordinator.reportBranch(
                xid: "127.0.0.1:8091:5",
                branchId: 7,
                status: .phaseOneDone,
                applicationData: ""
            )
        }
        #expect(noXid?.code == .globalTransactionNotExist)
        await h.close()
    }

    @Test func applicationDataOverTheLimitIsRefusedOnlyWithTheCheckOn() async throws {
        var settings = CoreSettings()
        settings.applicationDataLimit = 10
        let h = try Harness(settings: settings)
        let xid = try await h.begin()
        let big = String(repeating: "é", count: 6)  // 12 bytes of UTF-8
        _ = try await h.register(xid, resource: "stock", applicationData: big)
        h.settings.update { $0.applicationDataLimitCheck = true }
        let refused = await transactionError { try await h.register(xid, resource: "stock", applicationData: big) }
        #expect(refused?.code == .failedToAddBranch)
        let id = try await h.register(xid, resource: "stock", applicationData: "small")
        let report = await transactionError {
            try await h.coordinator.reportBranch(xid: xid, branchId: id, status: .phaseOneDone, applicationData: big)
        }
        #expect(report?.code == .branchReportFailed)
        #expect(try await h.session(xid)?.branches.count == 2)
        await h.close()
    }

    @Test func aTimeoutOfZeroTakesTheDefault() async throws {
        let h = try Harness()
        let xid = try await h.begin(timeout: 0)
        #expect(try await h.session(xid)?.timeout == 60_000)
        #expect(xid.hasPrefix("127.0.0.1:8091:"))
        await h.close()
    }
}
