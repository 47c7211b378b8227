import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// The Swift client (SeataClient) against the real coordinator: TCC phase two, retries while an
/// RM is away, retry limits, timeouts, and AT row locks.
@Suite(.serialized) struct SwiftClientTests {
    /// Short job periods so retries show within a test.
    static let quickJobs = [
        "server.recovery.committingRetryPeriod": "200",
        "server.recovery.rollbackingRetryPeriod": "200",
        "server.recovery.timeoutRetryPeriod": "100",
        "server.recovery.asyncCommittingRetryPeriod": "200",
    ]

    @Test func tccCommitConfirmsBothBranchesAndRollbackCancelsThemLastFirst() async throws {
        let coordinator = try await RunningCoordinator.start("swift-tcc", extra: Self.quickJobs)
        let recorder = PhaseTwoRecorder()
        let client = try await SeataClient.started(
            coordinator.address,
            resources: [recorder.resource("inventory"), recorder.resource("payment")]
        )

        let committed = try await client.begin(name: "order")
        let stock = try await client.registerBranch(xid: committed, branchType: .tcc, resourceId: "inventory")
        let money = try await client.registerBranch(xid: committed, branchType: .tcc, resourceId: "payment")
        #expect(try await client.commit(xid: committed) == .committed)
        #expect(recorder.calls(.confirm, xid: committed).map(\.branchId) == [stock, money], "registration order")
        #expect(recorder.calls(.cancel, xid: committed).isEmpty)
        #expect(try await client.status(xid: committed) == .finished)

        let rolledBack = try await client.begin(name: "order")
        let first = try await client.registerBranch(xid: rolledBack, branchType: .tcc, resourceId: "inventory")
        let second = try await client.registerBranch(xid: rolledBack, branchType: .tcc, resourceId: "payment")
        #expect(try await client.rollback(xid: rolledBack) == .rollbacked)
        #expect(recorder.calls(.cancel, xid: rolledBack).map(\.branchId) == [second, first], "reverse order")
        #expect(recorder.calls(.confirm, xid: rolledBack).isEmpty)

        await client.shutdown()
        await coordinator.stop()
    }

    @Test func aCommitIsRetriedUntilTheResourceManagerComesBack() async throws {
        let coordinator = try await RunningCoordinator.start("swift-rm-away", extra: Self.quickJobs)
        let tm = try await SeataClient.started(coordinator.address, application: "shop-tm", resources: [])
        let away = PhaseTwoRecorder()
        let rm = try await SeataClient.started(
            coordinator.address,
            application: "shop",
            resources: [away.resource("stock")]
        )
        let xid = try await tm.begin(name: "rm-away")
        _ = try await rm.registerBranch(xid: xid, branchType: .tcc, resourceId: "stock")
        await rm.shutdown()  // the RM is gone before phase two

        #expect(try await tm.commit(xid: xid) == .commitRetrying)
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await tm.status(xid: xid) == .commitRetrying, "still retrying while no RM serves the resource")

        // The RM comes back (a new connection, another port): the retry job reaches it.
        let back = PhaseTwoRecorder()
        let again = try await SeataClient.started(
            coordinator.address,
            application: "shop",
            resources: [back.resource("stock")]
        )
        #expect(await back.wait { $0.contains { $0.kind == .confirm && $0.xid == xid } })
        #expect(await eventually { try await tm.status(xid: xid) == .finished }, "the session ended once committed")
        #expect(away.all.isEmpty)

        await again.shutdown()
        await tm.shutdown()
        await coordinator.stop()
    }

    @Test func aCommitRetriedPastTheLimitIsKeptAsCommitRetryTimeout() async throws {
        var extra = Self.quickJobs
        extra["server.maxCommitRetryTimeout"] = "1500"
        let coordinator = try await RunningCoordinator.start("swift-retry-limit", extra: extra)
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await SeataClient.started(coordinator.address, resources: [recorder.resource("ledger")])
        let xid = try await client.begin(name: "never-commits")
        _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "ledger")
        #expect(try await client.commit(xid: xid) == .commitRetrying)
        #expect(await eventually(timeout: .seconds(10)) { try await client.status(xid: xid) == .commitRetryTimeout })
        let tries = recorder.calls(.confirm, xid: xid).count
        #expect(tries >= 2, "retried before giving up (\(tries) tries)")
        // Kept, not retried any more, and visible.
        try await Task.sleep(for: .milliseconds(600))
        #expect(recorder.calls(.confirm, xid: xid).count == tries)
        #expect(try await client.status(xid: xid) == .commitRetryTimeout)
        #expect(
            await eventually {
                try await coordinator.harness.get("/metrics").body.contains("coordinator_transactions_failed_final 1")
            }
        )
        await client.shutdown()
        await coordinator.stop()
    }

    @Test func aTransactionPastItsTimeoutIsRolledBackAtItsResourceManagers() async throws {
        let coordinator = try await RunningCoordinator.start("swift-timeout", extra: Self.quickJobs)
        let recorder = PhaseTwoRecorder()
        let client = try await SeataClient.started(
            coordinator.address,
            resources: [recorder.resource("a"), recorder.resource("b")]
        )
        let xid = try await client.begin(name: "too-slow", timeout: .milliseconds(500))
        let a = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "a")
        let b = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "b")
        #expect(await recorder.wait { Set($0.filter { $0.kind == .cancel }.map(\.branchId)) == [a, b] })
        #expect(recorder.calls(.cancel, xid: xid).map(\.branchId) == [b, a])
        #expect(await eventually { try await client.status(xid: xid) == .finished })
        // The TM's late commit learns that it ended.
        #expect(try await client.commit(xid: xid) == .finished)
        await client.shutdown()
        await coordinator.stop()
    }

    @Test func rowLocksConflictUntilTheHolderEnds() async throws {
        let coordinator = try await RunningCoordinator.start("swift-locks", extra: Self.quickJobs)
        let recorder = PhaseTwoRecorder()
        let client = try await SeataClient.started(
            coordinator.address,
            resources: [recorder.resource("db", branchType: .at)]
        )
        let holder = try await client.begin(name: "holder")
        _ = try await client.registerBranch(
            xid: holder,
            branchType: .at,
            resourceId: "db",
            lockKey: "account:1_2,3_4;stock:9"
        )
        // Re-entry: the holder may lock its own rows again.
        _ = try await client.registerBranch(xid: holder, branchType: .at, resourceId: "db", lockKey: "account:1_2")

        let other = try await client.begin(name: "other")
        let conflict = await #expect(throws: SeataClientError.self) {
            try await client.registerBranch(xid: other, branchType: .at, resourceId: "db", lockKey: "stock:8,9")
        }
        #expect(conflict?.exceptionCode == .lockKeyConflict)
        #expect(try await client.lockQuery(xid: other, resourceId: "db", lockKey: "account:3_4") == false)
        #expect(try await client.lockQuery(xid: other, resourceId: "db", lockKey: "account:3_5") == true)
        #expect(try await client.lockQuery(xid: holder, resourceId: "db", lockKey: "account:3_4") == true)
        // Nothing of the refused branch was locked: stock:8 is still free.
        #expect(try await client.lockQuery(xid: "", resourceId: "db", lockKey: "stock:8") == true)
        // Another resource's rows of the same table are other rows.
        #expect(try await client.lockQuery(xid: other, resourceId: "db2", lockKey: "stock:9") == true)

        // AT commit: Committed at once, locks released at the decision.
        #expect(try await client.commit(xid: holder) == .committed)
        _ = try await client.registerBranch(xid: other, branchType: .at, resourceId: "db", lockKey: "stock:8,9")
        #expect(try await client.rollback(xid: other) == .rollbacked)
        #expect(
            await recorder.wait { $0.contains { $0.kind == .confirm && $0.xid == holder } },
            "AT branches committed in the background"
        )
        await client.shutdown()
        await coordinator.stop()
    }

    @Test func aLiveChangeOfTheCommitRetryPeriodChangesTheCadence() async throws {
        var extra = Self.quickJobs
        extra["server.recovery.committingRetryPeriod"] = "2000"
        let coordinator = try await RunningCoordinator.start("swift-cadence", extra: extra)
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await SeataClient.started(coordinator.address, resources: [recorder.resource("slow")])
        let xid = try await client.begin(name: "cadence")
        _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "slow")
        #expect(try await client.commit(xid: xid) == .commitRetrying)
        #expect(await recorder.wait(timeout: .seconds(10)) { $0.count >= 3 })
        let slow = Self.gaps(recorder.calls(.confirm, xid: xid).dropFirst())

        try await coordinator.set("server.recovery.committingRetryPeriod", "200")
        try await coordinator.waitUntilApplied("server.recovery.committingRetryPeriod", "200")
        let before = recorder.all.count
        #expect(await recorder.wait(timeout: .seconds(10)) { $0.count >= before + 6 })
        let fast = Self.gaps(recorder.calls(.confirm, xid: xid).suffix(5))
        #expect(slow.allSatisfy { $0 >= .milliseconds(1500) }, "every 2 s before: \(slow)")
        #expect(fast.sorted()[fast.count / 2] <= .milliseconds(700), "every 200 ms after: \(fast)")

        recorder.setFailing(false)
        #expect(await eventually { try await client.status(xid: xid) == .finished })
        await client.shutdown()
        await coordinator.stop()
    }

    private static func gaps(_ calls: some Collection<PhaseTwoRecorder.Call>) -> [Duration] {
        let times = calls.map(\.at)
        return zip(times, times.dropFirst()).map { $1 - $0 }
    }
}
