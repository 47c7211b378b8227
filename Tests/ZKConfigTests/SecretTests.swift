import Foundation
import Testing
import ZooKeeperTestSupport

extension EndToEnd {
    /// Secret values (as the schema marks them) and `--auth` passwords never reach any output.
    @Suite struct SecretTests {
        @Test func secretsAreRedactedInEveryOutput() async throws {
            let root = TestEnvironment.uniqueRoot("secrets")
            let secret = "pa55-word-xyz"
            let file = try Fixtures.write("store.mode=db\nstore.db.password=\(secret)\n")
            var outputs: [ProcessResult] = []
            outputs.append(try await CLI.run(["seed", "--from", file, "--dry-run"], root: root))
            outputs.append(try await CLI.run(["seed", "--from", file, "--dry-run", "--format", "json"], root: root))
            outputs.append(try await CLI.run(["seed", "--from", file], root: root))
            let changed = try Fixtures.write("store.mode=db\nstore.db.password=other-\(secret)\n")
            outputs.append(try await CLI.run(["diff", "--from", changed], root: root))
            outputs.append(try await CLI.run(["diff", "--from", changed, "--format", "json"], root: root))
            outputs.append(try await CLI.run(["seed", "--from", changed, "--overwrite"], root: root))
            outputs.append(try await CLI.run(["get", "store.db.password"], root: root))
            outputs.append(try await CLI.run(["export"], root: root))
            outputs.append(try await CLI.run(["export", "--format", "json"], root: root))
            outputs.append(try await CLI.run(["validate"], root: root))
            outputs.append(try await CLI.run(["set", "store.db.password", "x", "--auth", "ops:\(secret)"], root: root))
            for output in outputs {
                #expect(!output.stdout.contains(secret), "\(output.stdout)")
                #expect(!output.stderr.contains(secret), "\(output.stderr)")
            }
            #expect(outputs[0].stdout.contains("create store.db.password=<redacted>"))
            #expect(outputs[3].stdout.contains("+store.db.password=<redacted>"))
            #expect(outputs[6].stdout == "<redacted>\n")
            // The secret is stored all the same.
            #expect(try await Kazoo.read(root)?.children["store.db.password"]?.text == "x")
            try await cleanUp(root)
        }
    }
}
