import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// What an operator sees of the transactions: counts and latencies on `/metrics`, and on
/// `/config` what the coordinator does with each key.
@Suite(.serialized) struct ObservabilityTests {
    @Test func metricsCountTransactionsPhaseTwoLocksAndClients() async throws {
        let coordinator = try await RunningCoordinator.start("observe-metrics", extra: SwiftClientTests.quickJobs)
        let recorder = PhaseTwoRecorder()
        let client = try await SeataClient.started(
            coordinator.address,
            resources: [recorder.resource("a"), recorder.resource("db", branchType: .at)]
        )
        let committed = try await client.begin(name: "m")
        _ = try await client.registerBranch(xid: committed, branchType: .tcc, resourceId: "a")
        #expect(try await client.commit(xid: committed) == .committed)
        let rolledBack = try await client.begin(name: "m")
        _ = try await client.registerBranch(xid: rolledBack, branchType: .at, resourceId: "db", lockKey: "t:1")
        let other = try await client.begin(name: "m")
        _ = try? await client.registerBranch(xid: other, branchType: .at, resourceId: "db", lockKey: "t:1")
        #expect(try await client.rollback(xid: rolledBack) == .rollbacked)

        let body = try await coordinator.harness.get("/metrics").body
        for line in [
            "coordinator_transactions_begun_total 3",
            "coordinator_transactions_ended_total{status=\"Committed\"} 1",
            "coordinator_transactions_ended_total{status=\"Rollbacked\"} 1",
            "coordinator_lock_conflicts_total 1",
            "coordinator_transport_clients{role=\"TM\"} 1",
            "coordinator_transport_clients{role=\"RM\"} 1",
        ] {
            #expect(body.contains(line), "\(line) in /metrics")
        }
        #expect(body.contains("coordinator_phase_two_latency_seconds_count{call=\"commit\"} 1"))
        #expect(body.contains("coordinator_phase_two_latency_seconds_count{call=\"rollback\"} 1"))
        #expect(body.contains("coordinator_phase_two_calls_total{call=\"commit\",answer=\"PhaseTwo_Committed\"} 1"))
        #expect(
            await eventually {
                try await coordinator.harness.get("/metrics").body.contains("coordinator_transactions_active 1")
            }
        )
        await client.shutdown()
        await coordinator.stop()
    }

    @Test func configSaysWhatTheCoordinatorDoesWithEachKey() async throws {
        let coordinator = try await RunningCoordinator.start("observe-config")
        let (status, body) = try await coordinator.harness.json("/config")
        await coordinator.stop()
        #expect(status == 200)
        let keys = body["keys"] as? [String: [String: Any]] ?? [:]
        #expect(
            keys["server.recovery.committingRetryPeriod"]?["coordinator"] as? String
                == "acts, applied live (Seata itself reads it only at startup)"
        )
        #expect(keys["store.file.flushDiskMode"]?["coordinator"] as? String == "acts, read at startup")
        #expect((keys["transport.serialization"]?["coordinator"] as? String)?.hasPrefix("not honoured: ") == true)
        let notHonoured = body["notHonoured"] as? [String: String] ?? [:]
        // Set by Config/config.txt, and a file-format size Seata's file store has and SQLite rows do not.
        #expect(notHonoured["store.file.maxBranchSessionSize"]?.contains("SQLite") == true)
        #expect(notHonoured["server.recovery.committingRetryPeriod"] == nil)
    }
}
