import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// `/ready` says whether this instance can serve.
///
/// A ZooKeeper disconnect within the session timeout keeps it ready (the last good configuration runs, the connection state is in the
/// body); past the session timeout the session is lost and it is not; once ZooKeeper is back it
/// is ready again. `/health` stays 200 throughout.
@Suite struct ReadinessTests {
    @Test func aDisconnectWithinTheSessionTimeoutKeepsItReadyAndALostSessionDoesNot() async throws {
        try await TestZooKeeper.with { server in
            let zk = try await ZooKeeperClient.connect(.init(connectString: server.connectString))
            try await CoordinatorHarness.seed(zk, root: "/seata")
            await zk.close()
            let coordinator = try CoordinatorHarness(connect: server.connectString, root: "/seata")
            let process = try coordinator.start(["--session-timeout", "8"])
            try await coordinator.waitUntilReady(process)
            let connected = try await coordinator.json("/ready")
            let state = connected.body["zookeeper"] as? [String: Any]
            #expect(state?["state"] as? String == "connected")
            #expect(state?["sessionTimeoutSeconds"] as? Double == 8)

            try await server.stop()
            let down = try await coordinator.waitForReady {
                ($0["zookeeper"] as? [String: Any])?["state"] as? String != "connected"
            }
            #expect(down.status == 200, "within the session timeout it can serve: \(down.body)")
            #expect(down.body["ready"] as? Bool == true)
            #expect((down.body["zookeeper"] as? [String: Any])?["sessionLost"] as? Bool == false)
            #expect(try await coordinator.get("/health").status == 200)

            let lost = try await coordinator.waitForReady(timeout: .seconds(20)) { $0["ready"] as? Bool == false }
            let disconnected = (lost.body["zookeeper"] as? [String: Any])?["disconnectedSeconds"] as? Double ?? 0
            #expect(disconnected >= 8, "not before the session timeout: \(lost.body)")
            #expect(lost.status == 503)
            let reasons = lost.body["reasons"] as? [String] ?? []
            #expect(reasons.contains { $0.contains("longer than the session timeout 8 s") }, "\(reasons)")
            #expect((lost.body["zookeeper"] as? [String: Any])?["sessionLost"] as? Bool == true)
            #expect(try await coordinator.get("/health").status == 200)

            try await server.restart()
            let up = try await coordinator.waitForReady(timeout: .seconds(20)) { $0["ready"] as? Bool == true }
            #expect(up.status == 200)

            process.signal(SIGTERM)
            let result = await process.wait(timeout: .seconds(20))
            #expect(result.status == 0)
            // The C library's refused connections, several a second while the server was down,
            // are one line each and a count, not a line each.
            let refused = result.stderr.split(separator: "\n").filter { $0.contains("Connection refused") }
            #expect(refused.count <= 4, "\(refused.count) lines: \(refused.prefix(6))")
            #expect(refused.contains { $0.contains("more times") }, "the repeats are counted: \(refused)")
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
