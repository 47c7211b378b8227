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

        @Test func credentialsInsideURLValuesAreMaskedInEveryOutput() async throws {
            let root = TestEnvironment.uniqueRoot("url-secrets")
            let secret = "pa55-url-xyz"
            let url = "jdbc:mysql://127.0.0.1:3306/seata?user=seata&password=\(secret)&useSSL=false"
            let redis = "redis://:\(secret)@cache:6379/0"
            let file = try Fixtures.write("store.mode=file\nstore.db.url=\(url)\napp.cache.url=\(redis)\n")
            var outputs: [ProcessResult] = []
            outputs.append(try await CLI.run(["seed", "--from", file, "--dry-run"], root: root))
            outputs.append(try await CLI.run(["seed", "--from", file, "--dry-run", "--format", "json"], root: root))
            outputs.append(try await CLI.run(["seed", "--from", file], root: root))
            let changed = try Fixtures.write("store.mode=file\nstore.db.url=\(url)-2\napp.cache.url=\(redis)\n")
            outputs.append(try await CLI.run(["diff", "--from", changed], root: root))
            outputs.append(try await CLI.run(["diff", "--from", changed, "--format", "json"], root: root))
            outputs.append(try await CLI.run(["get", "store.db.url"], root: root))
            outputs.append(try await CLI.run(["get", "app.cache.url", "--format", "json"], root: root))
            outputs.append(try await CLI.run(["export"], root: root))
            outputs.append(try await CLI.run(["validate", "--format", "json"], root: root))
            for output in outputs {
                #expect(!output.stdout.contains(secret), "\(output.stdout)")
                #expect(!output.stderr.contains(secret), "\(output.stderr)")
            }
            #expect(
                outputs[5].stdout == "jdbc:mysql://127.0.0.1:3306/seata?user=seata&password=<redacted>&useSSL=false\n",
                "the rest of the URL stays readable"
            )
            #expect(outputs[6].stdout.contains("redis://:<redacted>@cache:6379/0"))
            // An export without secrets seeds back without writing the placeholder.
            let copy = TestEnvironment.uniqueRoot("url-secrets-copy")
            let seeded = try await CLI.run(["seed", "--from", try Fixtures.write(outputs[7].stdout)], root: copy)
            #expect(seeded.stdout.contains("skip store.db.url"), "\(seeded.stdout)")
            #expect(try await Kazoo.read(copy)?.children["store.db.url"] == nil)
            #expect(try await Kazoo.read(root)?.children["store.db.url"]?.text == url, "stored as given")
            try await cleanUp(copy)
            try await cleanUp(root)
        }
    }
}
