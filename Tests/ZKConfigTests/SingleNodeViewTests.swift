import Foundation
import Testing
import ZooKeeperTestSupport

extension EndToEnd {
    /// `validate --layout node` checks what Seata reads: the single node first, the per-key
    /// znodes under the root for the keys it lacks.
    @Suite struct SingleNodeViewTests {
        @Test func validateChecksTheEffectiveViewAndSaysWhereEachKeyCameFrom() async throws {
            let root = TestEnvironment.uniqueRoot("node-view")
            let node = root + "/seata.properties"
            let client = try await TestEnvironment.connect()
            // The node lacks store.mode, which only the per-key znode has; both set the retry
            // timeout, with different values; the node's wins.
            try await client.create(root + "/store.mode", data: Array("file".utf8), createParents: true)
            try await client.create(root + "/server.maxCommitRetryTimeout", data: Array("5000".utf8))
            try await client.create(root + "/store.db.password", data: Array("znode-secret".utf8))
            try await client.create(
                node,
                data: Array("server.maxCommitRetryTimeout=7000\nstore.db.password=node-secret\n".utf8)
            )
            let result = try await CLI.run(["validate", "--layout", "node:\(node)"], root: root)
            #expect(result.status == 0, "\(result.stdout)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "warning: server.maxCommitRetryTimeout (znode \(node):1): set in the node and also in znode \(root)/server.maxCommitRetryTimeout as '5000', the node as '7000'"
                    )
                },
                "\(result.stdout)"
            )
            // A secret differs too, and is named without either value.
            #expect(
                lines.contains { $0.hasPrefix("warning: store.db.password") && $0.contains("with a different value") }
            )
            #expect(!result.stdout.contains("secret"))
            #expect(lines.contains("  store.mode=file  (znode \(root)/store.mode)"), "\(result.stdout)")
            #expect(lines.contains("  server.maxCommitRetryTimeout=7000  (znode \(node):1)"))
            #expect(lines.contains("  store.db.password=<redacted>  (znode \(node):2)"))
            // The node itself is not a key of the root.
            #expect(!result.stdout.contains("seata.properties="))

            // Without store.mode in either place, the view is incomplete: missing, named in both places.
            try await client.delete(root + "/store.mode")
            let missing = try await CLI.run(["validate", "--layout", "node:\(node)", "--format", "json"], root: root)
            #expect(missing.status == 78)
            let report = try JSONSerialization.jsonObject(with: Data(missing.stdout.utf8)) as? [String: Any]
            let problems = report?["problems"] as? [[String: Any]] ?? []
            let storeMode = problems.first { $0["key"] as? String == "store.mode" }
            #expect(
                storeMode?["message"] as? String
                    == "missing (not in node \(node), no znode \(root)/store.mode)"
            )
            let listing = report?["listing"] as? [[String: Any]] ?? []
            #expect(listing.map { $0["key"] as? String } == ["server.maxCommitRetryTimeout", "store.db.password"])

            // A blank node is skipped by Seata: only the per-key znodes count.
            try await client.set(node, data: Array("  \n".utf8))
            let blank = try await CLI.run(["validate", "--layout", "node:\(node)"], root: root)
            #expect(
                blank.stdout.contains(
                    "  server.maxCommitRetryTimeout=5000  (znode \(root)/server.maxCommitRetryTimeout)"
                )
            )
            _ = try await client.deleteRecursively(root)
            await client.close()
        }
    }
}
