import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

extension EndToEnd {
    /// Every exit code of the contract, produced the way a script would meet it.
    @Suite struct ExitCodeTests {
        @Test func usageErrorsExit64() async throws {
            let unknown = try await CLI.run(["seed", "--from", "x", "--bogus"])
            #expect(unknown.status == 64)
            let noAuth = try await CLI.run(["seed", "--from", "x", "--acl", "read-only"])
            #expect(noAuth.status == 64)
            #expect(noAuth.stderr.contains("needs --auth"))
            let badLayout = try await CLI.run(["validate", "--layout", "nodes"])
            #expect(badLayout.status == 64)
            let badKey = try await CLI.run(["get", "a/b"])
            #expect(badKey.status == 64)
            // ZooKeeper's own tree is no root; a trailing slash is dropped.
            let reserved = try await CLI.run(["get", "store.mode", "--root", "/zookeeper/seata"])
            #expect(reserved.status == 64)
            #expect(reserved.stderr.contains("ZooKeeper's own tree"), "\(reserved.stderr)")
            // A malformed --auth is refused without echoing it.
            let badAuth = try await CLI.run(["validate", "--auth", "no-colon-secret"])
            #expect(badAuth.status == 64)
            #expect(!badAuth.stderr.contains("no-colon-secret"))
        }

        @Test func badInputFilesExit65AndWriteNothing() async throws {
            let root = TestEnvironment.uniqueRoot("bad-input")
            let cases: [(String, String)] = [
                ("a=1\nb=\\uZZZZ\n", ":2:"),  // a malformed escape, with line and column
                ("a=1\nbad/key=2\nbad\\ key=3\n", ":2:1: key 'bad/key' contains '/'"),
                (
                    "a=1\nbig=" + String(repeating: "x", count: 1_100_000) + "\n",
                    ":2:1: the value of 'big' is 1100000 bytes"
                ),
            ]
            for (text, message) in cases {
                let file = try Fixtures.write(text)
                let result = try await CLI.run(["seed", "--from", file], root: root)
                #expect(result.status == 65)
                #expect(result.stderr.contains(file + message), "\(result.stderr.prefix(300))")
                #expect(result.stderr.contains("nothing was written"))
            }
            let missing = try await CLI.run(["seed", "--from", "/nonexistent/config.txt"], root: root)
            #expect(missing.status == 65)
            #expect(try await Kazoo.read(root) == nil)
        }

        @Test func refusedACLExits77() async throws {
            let root = TestEnvironment.uniqueRoot("noauth")
            let owner = try await TestEnvironment.connect(credentials: DigestCredentials(user: "owner", password: "pw"))
            try await owner.create(root, acl: .open)
            try await owner.create(root + "/guarded.key", data: Array("v".utf8), acl: .creatorAll)
            let refused = try await CLI.run(["get", "guarded.key"], root: root)
            #expect(refused.status == 77)
            #expect(refused.stderr.contains("\(root)/guarded.key"))
            let wrongUser = try await CLI.run(["get", "guarded.key"], root: root, environment: ["ZK_AUTH": "other:pw"])
            #expect(wrongUser.status == 77)
            #expect(wrongUser.stderr.contains("the digest user 'other' (ZK_AUTH) was refused"), "\(wrongUser.stderr)")
            #expect(!wrongUser.stderr.contains("pass --auth"), "credentials were given")
            let wrongFlag = try await CLI.run(["get", "guarded.key", "--auth", "owner:wrong"], root: root)
            #expect(wrongFlag.status == 77)
            #expect(wrongFlag.stderr.contains("the digest user 'owner' (--auth) was refused"))
            #expect(!wrongFlag.stderr.contains("pass --auth"))
            #expect(!wrongFlag.stderr.contains("wrong"), "the password is never printed")
            let right = try await CLI.run(["get", "guarded.key"], root: root, environment: ["ZK_AUTH": "owner:pw"])
            #expect(right.status == 0)
            #expect(right.stdout == "v\n")
            _ = try await owner.deleteRecursively(root)
            await owner.close()
        }

        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func validateExits78ForInvalidAnd0ForValid() async throws {
            let root = TestEnvironment.uniqueRoot("validate")
            #expect(try await CLI.run(["seed", "--from", Fixtures.seata], root: root).status == 0)
            let valid = try await CLI.run(["validate"], root: root)
            #expect(valid.status == 0, "\(valid.stdout)")

            // Seata compares store.file.flushDiskMode case-sensitively: SYNC would silently be async.
            #expect(try await CLI.run(["set", "store.file.flushDiskMode", "SYNC"], root: root).status == 0)
            let invalid = try await CLI.run(["validate"], root: root)
            #expect(invalid.status == 78)
            #expect(invalid.stdout.contains("1 error, 3 warnings"), "\(invalid.stdout)")
            #expect(invalid.stdout.contains("error: store.file.flushDiskMode"))
            #expect(invalid.stdout.contains("set store.file.flushDiskMode sync"))

            let json = try await CLI.run(["validate", "--format", "json"], root: root)
            #expect(json.status == 78)
            let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(report?["errorCount"] as? Int == 1)
            #expect(report?["warningCount"] as? Int == 3)
            try await cleanUp(root)
        }

        @Test func diffExits1WhenDifferentAnd0WhenEqual() async throws {
            let root = TestEnvironment.uniqueRoot("diff")
            let file = try Fixtures.write("a=1\nb=2\n")
            #expect(try await CLI.run(["seed", "--from", file], root: root).status == 0)
            let equal = try await CLI.run(["diff", "--from", file], root: root)
            #expect(equal.status == 0)
            #expect(equal.stdout.isEmpty)
            #expect(try await CLI.run(["set", "b", "3", "--force"], root: root).status == 0)
            #expect(try await CLI.run(["set", "extra", "x", "--force"], root: root).status == 0)
            let different = try await CLI.run(["diff", "--from", file], root: root)
            #expect(different.status == 1)
            #expect(different.stdout.hasSuffix("-b=3\n+b=2\n-extra=x\n"))
            #expect(different.stderr.contains("2 keys differ between"))
            #expect(try await CLI.run(["delete", "extra"], root: root).status == 0)
            let one = try await CLI.run(["diff", "--from", file], root: root)
            #expect(one.stderr.contains("1 key differs between"), "\(one.stderr)")
            let json = try await CLI.run(["diff", "--from", file, "--format", "json"], root: root)
            #expect(json.status == 1)
            #expect(json.stdout.contains("\"equal\" : false"))
            try await cleanUp(root)
        }

        @Test func compareAndSetMismatchExits75() async throws {
            let root = TestEnvironment.uniqueRoot("cas")
            #expect(try await CLI.run(["set", "k", "v1", "--force"], root: root).status == 0)
            #expect(try await CLI.run(["set", "k", "v2", "--version", "0", "--force"], root: root).status == 0)
            let stale = try await CLI.run(["set", "k", "v3", "--version", "0", "--force"], root: root)
            #expect(stale.status == 75)
            #expect(stale.stderr.contains("version conflict on \(root)/k"))
            #expect(try await CLI.run(["delete", "k", "--version", "0"], root: root).status == 75)
            #expect(try await CLI.run(["delete", "k", "--version", "1"], root: root).status == 0)
            #expect(try await CLI.run(["delete", "k", "--version", "1"], root: root).status == 75)
            try await cleanUp(root)
        }

        @Test func missingSchemaIsAConfigurationError78() async throws {
            let result = try await CLI.run(["validate"], environment: ["ZKCONFIG_SCHEMA": "/nonexistent/schema.json"])
            #expect(result.status == 78)
            #expect(result.stderr.contains("--schema"))
            #expect(result.stderr.contains("/nonexistent/schema.json"))
        }

        @Test func aTrailingSlashOnTheRootIsDropped() async throws {
            let root = TestEnvironment.uniqueRoot("root-slash")
            #expect(try await CLI.run(["set", "store.mode", "file"], root: root + "/").status == 0)
            #expect(try await CLI.run(["get", "store.mode"], root: root).stdout == "file\n")
            try await cleanUp(root)
        }

        @Test func validateSaysWhichEnvironmentOverridesItIgnores() async throws {
            let root = TestEnvironment.uniqueRoot("validate-env")
            #expect(try await CLI.run(["set", "store.mode", "file"], root: root).status == 0)
            let result = try await CLI.run(["validate"], root: root, environment: ["STORE_MODE": "bogus"])
            #expect(result.status == 0, "what is stored is valid: \(result.stdout)")
            #expect(result.stderr.contains("ignored here"), "\(result.stderr)")
            #expect(result.stderr.contains("environment STORE_MODE (store.mode)"))
            try await cleanUp(root)
        }

        @Test func anUnresolvableHostIsUnreachable69() async throws {
            let result = try await CLI.start(["get", "store.mode"], connect: "no-such-host.invalid:2181").wait()
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr.contains("no-such-host.invalid"))
            #expect(result.stderr.contains("DNS"))
        }

        @Test func getOfAMissingKeyExits1() async throws {
            let root = TestEnvironment.uniqueRoot("get-missing")
            let result = try await CLI.run(["get", "store.mode"], root: root)
            #expect(result.status == 1)
            #expect(result.stderr.contains("no znode \(root)/store.mode"))
        }
    }
}
