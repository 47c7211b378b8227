import Foundation
import Testing
import ZooKeeperTestSupport

extension EndToEnd {
    /// Seata's two defaults together: a single node beside the per-key znodes.
    ///
    /// `/seata/seata.properties` beside `/seata/KEY`; under the per-key layout the node is never a key.
    @Suite struct NodeBesideKeysTests {
        @Test func everyCommandRecognisesTheNodeAndSaysWhichLayoutIsInEffect() async throws {
            let root = TestEnvironment.uniqueRoot("node-beside")
            let node = root + "/seata.properties"
            let client = try await TestEnvironment.connect()
            try await client.create(root + "/store.mode", data: Array("file".utf8), createParents: true)
            try await client.create(node, data: Array("store.mode=file\nserver.maxCommitRetryTimeout=7000\n".utf8))
            let file = try Fixtures.write("store.mode=file\n")

            let validate = try await CLI.run(["validate"], root: root)
            #expect(validate.status == 0, "the node is no unknown key: \(validate.stdout)")
            #expect(!validate.stdout.contains("unknown key"))
            let warning = validate.stdout.split(separator: "\n").first { $0.hasPrefix("warning: seata.properties") }
            #expect(warning?.contains("per-key layout (keys under \(root))") == true, "\(validate.stdout)")
            #expect(warning?.contains("--layout node") == true)

            let diff = try await CLI.run(["diff", "--from", file], root: root)
            #expect(diff.status == 0, "the node is not a key that differs: \(diff.stdout)")
            #expect(diff.stderr.contains("not compared: znode \(node)"))

            let prune = try await CLI.run(["seed", "--from", file, "--prune", "--dry-run"], root: root)
            #expect(prune.status == 0)
            #expect(!prune.stdout.contains("seata.properties"), "\(prune.stdout)")
            #expect(prune.stderr.contains("not pruned: znode \(node)"))
            #expect(try await CLI.run(["seed", "--from", file, "--prune"], root: root).status == 0)
            #expect(try await client.exists(node) != nil, "a prune never deletes the node")

            let export = try await CLI.run(["export"], root: root)
            #expect(!export.stdout.contains("seata.properties"))
            #expect(export.stdout.contains("(1 key)"), "\(export.stdout)")
            #expect(export.stderr.contains("not exported: znode \(node)"))

            let get = try await CLI.run(["get", "seata.properties"], root: root)
            #expect(get.status == 64)
            #expect(get.stderr.contains("--layout node"))

            // With the node layout, the node is what is read.
            let asSeata = try await CLI.run(["validate", "--layout", "node:\(node)"], root: root)
            #expect(asSeata.stdout.contains("  server.maxCommitRetryTimeout=7000  (znode \(node):2)"))
            _ = try await client.deleteRecursively(root)
            await client.close()
        }
    }
}
