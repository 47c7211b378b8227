import CoordinatorTestSupport
import ConfigCenter
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// The coordinator on Seata's stock config.txt seeded untouched, and on Seata's single node.
@Suite struct StockConfigTests {
    static let seataFixture = URL(fileURLWithPath: TestEnvironment.packageRoot + "/../shared/fixtures/seata/config.txt")
        .standardized.path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seataFixture), "needs ../shared/fixtures/seata"))
    func isReadyListingTheThreeWarningsAndRunsTheMigratedKeyFromItsOldZNode() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-stock")
        let registry = TestEnvironment.uniqueRoot("coord-stock-registry")
        let document = try PropertiesParser.parse(contentsOfFile: Self.seataFixture)
        try await zk.create(root, createParents: true)
        for (key, value) in document.values() {
            try await zk.create("\(root)/\(key)", data: Array(value.value.utf8))
        }
        // Only the registry is this test's own (the stock file knows nothing of it).
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let process = try coordinator.start(environment: ["COORDINATOR_REGISTRY_PATH": registry])
        try await coordinator.waitUntilReady(process)

        let ready = try await coordinator.json("/ready")
        #expect(ready.status == 200)
        let warnings = try #require(ready.body["warnings"] as? [[String: Any]])
        #expect(
            warnings.map { $0["key"] as? String } == [
                "server.raft.server-addr", "server.recovery.asynCommittingRetryPeriod", "store.db.vgroupTable",
            ]
        )
        #expect((warnings[0]["message"] as? String)?.contains("renaming it would enable raft") == true)
        let fix = warnings[1]["fix"] as? [String] ?? []
        #expect(fix.count == 2)
        #expect(
            fix.first?.hasSuffix("--root \(root) set server.recovery.asyncCommittingRetryPeriod 1000") == true,
            "\(fix)"
        )

        let config = try await coordinator.json("/config")
        let keys = try #require(config.body["keys"] as? [String: [String: Any]])
        let migrated = try #require(keys["server.recovery.asyncCommittingRetryPeriod"])
        #expect(migrated["value"] as? String == "1000")
        #expect(migrated["origin"] as? String == "znode \(root)/server.recovery.asynCommittingRetryPeriod")
        #expect((config.body["warnings"] as? [[String: Any]])?.count == 3)
        // Raft stays off: the misspelt member list is not moved to the name that enables it.
        #expect(keys["server.raft.serverAddr"] == nil)
        #expect(process.stderrSoFar.contains("fix: zkconfig --connect"))

        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(20)).status == 0)
        _ = try await zk.deleteRecursively(root)
        _ = try await zk.deleteRecursively(registry)
        await zk.close()
    }

    @Test func withTheSingleNodeLayoutItRunsWhatSeataReadsAndSaysWhereEachKeyCameFrom() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-node")
        let registry = TestEnvironment.uniqueRoot("coord-node-registry")
        try await CoordinatorHarness.seed(zk, root: root, extra: ["coordinator.registry.path": registry])
        let node = root + "/seata.properties"
        try await zk.create(node, data: Array("server.maxCommitRetryTimeout=4000\n".utf8))
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let process = try coordinator.start(["--layout", "node:\(node)"])
        try await coordinator.waitUntilReady(process)
        let config = try await coordinator.json("/config")
        let keys = try #require(config.body["keys"] as? [String: [String: Any]])
        #expect(keys["server.maxCommitRetryTimeout"]?["value"] as? String == "4000")
        #expect(keys["server.maxCommitRetryTimeout"]?["origin"] as? String == "znode \(node):1")
        #expect(keys["store.mode"]?["origin"] as? String == "znode \(root)/store.mode")
        #expect(keys["seata.properties"] == nil, "the node is not a key of the root")
        // The node shadows the per-key znode, which holds another value: a warning naming both.
        let warnings = (config.body["warnings"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
        #expect(
            warnings.contains {
                $0.hasPrefix(
                    "server.maxCommitRetryTimeout (znode \(node):1): set in the node and also in znode \(root)/server.maxCommitRetryTimeout"
                )
            },
            "\(warnings)"
        )
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(20)).status == 0)
        _ = try await zk.deleteRecursively(root)
        _ = try await zk.deleteRecursively(registry)
        await zk.close()
    }

    @Test func versionPrintsTheProgramsAndTheSchemasVersion() async throws {
        let result = try await ProcessRunner.run(ProcessRunner.executable("coordinator"), ["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("coordinator 0.9.0, schema 2 (Apache Seata 2.x"), "\(result.stdout)")
    }
}
