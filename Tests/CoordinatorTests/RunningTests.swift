import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// A coordinator on a seeded configuration: ready, honest about its config, clean on SIGTERM.
@Suite struct RunningTests {
    @Test func seededConfigServesReadyConfigAndMetrics() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-run")
        let registry = TestEnvironment.uniqueRoot("coord-registry")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                _ = try? await zk.deleteRecursively(registry)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(
            zk,
            root: root,
            extra: [
                "store.db.password": "s3cret-pw", "coordinator.registry.path": registry,
                "store.db.url": "jdbc:mysql://127.0.0.1:3306/seata?user=seata&password=url-s3cret",
            ],
            skip: ["server.undo.logSaveDays"]
        )

        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let process = try coordinator.start()
        try await coordinator.waitUntilReady(process)

        let health = try await coordinator.get("/health")
        #expect(health.status == 200)
        // Its tasks run on SwiftNIO's event loops, in the installed (runtime-static) build too.
        #expect(!process.stderrSoFar.contains("Swift tasks run on Swift's own thread pool"))

        let ready = try await coordinator.json("/ready")
        #expect(ready.status == 200)
        #expect(ready.body["ready"] as? Bool == true)

        let config = try await coordinator.json("/config")
        let keys = try #require(config.body["keys"] as? [String: [String: Any]])
        let mode = try #require(keys["store.mode"])
        #expect(mode["value"] as? String == "file")
        #expect(mode["origin"] as? String == "znode \(root)/store.mode")
        #expect(mode["isDefault"] as? Bool == false)
        #expect(mode["restartRequired"] as? Bool == true)
        let password = try #require(keys["store.db.password"])
        #expect(password["value"] as? String == "<redacted>")
        #expect(password["secret"] as? Bool == true)
        let defaulted = try #require(keys["server.undo.logSaveDays"])
        #expect(defaulted["isDefault"] as? Bool == true)
        #expect(defaulted["origin"] as? String == "schema default")
        let raw = try await coordinator.get("/config").body
        #expect(!raw.contains("s3cret-pw"))
        #expect(!raw.contains("url-s3cret"), "a credential inside a URL is masked too")
        #expect(
            keys["store.db.url"]?["value"] as? String
                == "jdbc:mysql://127.0.0.1:3306/seata?user=seata&password=<redacted>"
        )

        let metrics = try await coordinator.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("coordinator_zookeeper_session_state{state=\"connected\"} 1"))
        #expect(metrics.body.contains("coordinator_config_reloads_total"))
        #expect(metrics.body.contains("coordinator_http_request_duration_seconds_bucket"), "request latency")
        // Prometheus names: counters end in _total; no error counter, nor error label, for successes.
        #expect(
            metrics.body.contains("coordinator_http_requests_total{route=\"/ready\",method=\"GET\",status=\"200\"}"),
            "\(metrics.body)"
        )
        #expect(!metrics.body.contains("hb_request"), "\(metrics.body)")
        #expect(!metrics.body.contains("error_type"))
        #expect(!metrics.body.contains("coordinator_http_request_errors_total"))
        for line in metrics.body.split(separator: "\n") where line.hasPrefix("# TYPE ") && line.hasSuffix(" counter") {
            #expect(line.dropLast(" counter".count).hasSuffix("_total"), "\(line)")
        }

        // Registered under the transaction address clients reach (as in its XIDs) while running,
        // gone after SIGTERM, and the exit is clean.
        let instances = try await zk.children(registry)
        #expect(instances == ["127.0.0.1:\(coordinator.port)"])
        let registration = try await zk.get(registry + "/127.0.0.1:\(coordinator.port)")
        #expect(registration.stat.isEphemeral)
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data(registration.bytes)) as? [String: Any]
        )
        #expect(payload["address"] as? String == "127.0.0.1")
        #expect(payload["port"] as? Int == coordinator.port)
        #expect(payload["http"] as? String == "http://127.0.0.1:\(coordinator.httpPort)")
        #expect(payload["pid"] as? Int == Int(process.pid))

        process.signal(SIGTERM)
        let result = await process.wait(timeout: .seconds(20))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await zk.children(registry).isEmpty)
        #expect(result.stderr.contains("Deregistered"))
    }

    @Test func aSecondCoordinatorOnTheSameStoreFolderFailsClearly() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-two")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(zk, root: root)

        let first = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let running = try first.start()
        try await first.waitUntilReady(running)

        // Same working directory, so the same relative store.file.dir; another HTTP port.
        var second = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        second = CoordinatorHarness(sameFolderAs: first, httpPort: second.httpPort, port: second.port)
        let result = try await second.run()
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("is in use by another coordinator (pid \(running.pid))"), "\(result.stderr)")
        #expect(result.stderr.contains("give this one its own store.file.dir"))

        running.signal(SIGINT)
        #expect(await running.wait(timeout: .seconds(20)).status == 0)
    }
}

extension CoordinatorHarness {
    init(sameFolderAs other: CoordinatorHarness, httpPort: Int, port: Int) {
        self.init(
            connect: other.connect,
            root: other.root,
            workingDirectory: other.workingDirectory,
            httpPort: httpPort,
            port: port
        )
    }
}
