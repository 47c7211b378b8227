import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeperTestSupport

/// `config.type=file`: the same validation, from a local properties file, no ZooKeeper.
@Suite struct FileSourceTests {
    @Test func aValidFileStartsWithoutZooKeeper() async throws {
        let coordinator = try CoordinatorHarness(connect: "127.0.0.1:1", root: "/unused")
        let process = try coordinator.start(["--config-type", "file", "--config-file", CoordinatorHarness.configPath])
        try await coordinator.waitUntilReady(process)
        let config = try await coordinator.json("/config")
        let keys = try #require(config.body["keys"] as? [String: [String: Any]])
        #expect((keys["store.mode"]?["origin"] as? String)?.hasPrefix(CoordinatorHarness.configPath + ":") == true)
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(20)).status == 0)
    }

    @Test func anInvalidFileIsReportedWithItsLines() async throws {
        let path = NSTemporaryDirectory() + "bad-config-" + UUID().uuidString.prefix(8).lowercased() + ".txt"
        try "store.mode=file\nstore.file.maxBranchSessionSize=huge\nserver.raft.server-addr=x:1\n"
            .write(
                toFile: path,
                atomically: true,
                encoding: .utf8
            )
        let coordinator = try CoordinatorHarness(connect: "127.0.0.1:1", root: "/unused")
        let result = try await coordinator.run(["--config-type", "file", "--config-file", path])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("The configuration in file \(path) is invalid:"))
        #expect(result.stderr.contains("store.file.maxBranchSessionSize"))
        #expect(result.stderr.contains("\(path):2"))
        #expect(result.stderr.contains("server.raft.serverAddr"), "the renamed key's new name")
    }
}
