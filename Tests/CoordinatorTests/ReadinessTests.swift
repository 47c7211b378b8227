import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// `/ready` follows the ZooKeeper session: 503 with the reason while it is gone, 200 again
/// once it is back; `/health` stays 200 throughout.
@Suite struct ReadinessTests {
    @Test func readinessFollowsTheZooKeeperConnection() async throws {
        try await TestZooKeeper.with { server in
            let zk = try await ZooKeeperClient.connect(.init(connectString: server.connectString))
            try await CoordinatorHarness.seed(zk, root: "/seata")
            await zk.close()
            let coordinator = try CoordinatorHarness(connect: server.connectString, root: "/seata")
            let process = try coordinator.start(["--session-timeout", "8"])
            try await coordinator.waitUntilReady(process)

            try await server.stop()
            let down = try await coordinator.waitForReady { $0["ready"] as? Bool == false }
            #expect(down.status == 503)
            let reasons = down.body["reasons"] as? [String] ?? []
            #expect(reasons.contains("ZooKeeper session is disconnected"), "\(reasons)")
            #expect(try await coordinator.get("/health").status == 200)

            try await server.restart()
            let up = try await coordinator.waitForReady(timeout: .seconds(15)) { $0["ready"] as? Bool == true }
            #expect(up.status == 200)

            process.signal(SIGTERM)
            #expect(await process.wait(timeout: .seconds(20)).status == 0)
        }
    }

    @Test func environmentOverridesStoredKeysTheSeataWay() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-env")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(zk, root: root)
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let process = try coordinator.start(environment: ["SERVER_UNDO_LOGSAVEDAYS": "3"])
        try await coordinator.waitUntilReady(process)
        let config = try await coordinator.json("/config")
        let keys = try #require(config.body["keys"] as? [String: [String: Any]])
        #expect(keys["server.undo.logSaveDays"]?["value"] as? String == "3")
        #expect(keys["server.undo.logSaveDays"]?["origin"] as? String == "environment SERVER_UNDO_LOGSAVEDAYS")
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(20)).status == 0)

        // An override is validated like a stored value.
        let invalid = try await coordinator.run(environment: ["STORE_MODE": "db"])
        #expect(invalid.status == 78)
        #expect(invalid.stderr.contains("store.db.url"), "\(invalid.stderr)")
    }
}
