import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

extension EndToEnd {
    /// `get`, `set`, `delete` and the global options around them.
    @Suite struct KeyCommandTests {
        @Test func setGetDeleteOneKey() async throws {
            let root = TestEnvironment.uniqueRoot("keys")
            let set = try await CLI.run(["set", "server.maxCommitRetryTimeout", "--", "-1"], root: root)
            #expect(set.status == 0, "\(set.stderr)")
            let get = try await CLI.run(["get", "server.maxCommitRetryTimeout", "--format", "json"], root: root)
            let json = try JSONSerialization.jsonObject(with: Data(get.stdout.utf8)) as? [String: Any]
            #expect(json?["value"] as? String == "-1")
            #expect(json?["version"] as? Int == 0)
            #expect(json?["path"] as? String == root + "/server.maxCommitRetryTimeout")
            #expect(try await Kazoo.read(root)?.children["server.maxCommitRetryTimeout"]?.text == "-1")
            #expect(try await CLI.run(["delete", "server.maxCommitRetryTimeout"], root: root).status == 0)
            #expect(try await Kazoo.read(root)?.children.isEmpty == true)
            let again = try await CLI.run(["delete", "server.maxCommitRetryTimeout"], root: root)
            #expect(again.status == 1, "as get: no such key")
            #expect(again.stderr.contains("no key server.maxCommitRetryTimeout"))
            #expect(again.stderr.contains("nothing deleted"))
            try await cleanUp(root)
        }

        @Test func deleteSaysWhetherTheKeyExistedInTextAndJSON() async throws {
            let root = TestEnvironment.uniqueRoot("keys-delete")
            #expect(try await CLI.run(["set", "store.mode", "file"], root: root).status == 0)
            let deleted = try await CLI.run(["delete", "store.mode", "--format", "json"], root: root)
            #expect(deleted.status == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(deleted.stdout.utf8)) as? [String: Any])
            #expect(Set(json.keys) == ["key", "path", "existed", "version"], "no created field on a delete")
            #expect(json["existed"] as? Bool == true)
            #expect(json["path"] as? String == root + "/store.mode")
            let absent = try await CLI.run(["delete", "store.mode", "--format", "json"], root: root)
            #expect(absent.status == 1)
            let none = try JSONSerialization.jsonObject(with: Data(absent.stdout.utf8)) as? [String: Any]
            #expect(none?["existed"] as? Bool == false)

            // A znode with children is not a key: a clear refusal with its own code, not 70.
            let client = try await TestEnvironment.connect()
            try await client.create(root + "/service", data: [])
            try await client.create(root + "/service/child", data: [])
            let nested = try await CLI.run(["delete", "service"], root: root)
            #expect(nested.status == 78, "\(nested.stderr)")
            #expect(
                nested.stderr.contains("znode \(root)/service has child znodes, so it is not a key; nothing deleted")
            )
            #expect(try await client.exists(root + "/service/child") != nil)
            await client.close()
            try await cleanUp(root)
        }

        @Test func setRefusesAnUnknownKeyUnlessForcedAndWarnsAboutRenamesAndRequirements() async throws {
            let root = TestEnvironment.uniqueRoot("keys-check")
            let typo = try await CLI.run(["set", "store.mdoe", "file"], root: root)
            #expect(typo.status == 64)
            #expect(typo.stderr.contains("did you mean store.mode?"), "\(typo.stderr)")
            #expect(typo.stderr.contains("--force"))
            #expect(try await Kazoo.read(root) == nil, "nothing written")
            let forced = try await CLI.run(["set", "my.custom.flag", "on", "--force"], root: root)
            #expect(forced.status == 0)
            #expect(forced.stderr.contains("warning: my.custom.flag: unknown key"), "\(forced.stderr)")

            let renamed = try await CLI.run(["set", "server.recovery.asynCommittingRetryPeriod", "1000"], root: root)
            #expect(renamed.status == 0)
            #expect(
                renamed.stderr.contains("renamed to server.recovery.asyncCommittingRetryPeriod"),
                "\(renamed.stderr)"
            )

            let db = try await CLI.run(["set", "store.mode", "db"], root: root)
            #expect(db.status == 0)
            #expect(db.stderr.contains("requires store.db.datasource, store.db.dbType"), "\(db.stderr)")
            #expect(db.stderr.contains("set store.db.url VALUE"))
            #expect(try await Kazoo.read(root)?.children["store.mode"]?.text == "db", "written after the warning")
            try await cleanUp(root)
        }

        @Test func setReadsTheValueFromAFileOrStdin() async throws {
            let root = TestEnvironment.uniqueRoot("keys-file")
            let value = "jdbc:mysql://127.0.0.1:3306/seata?rewriteBatchedStatements=true"
            let file = try Fixtures.write(value, name: "url.txt")
            #expect(try await CLI.run(["set", "store.db.url", "--from-file", file], root: root).status == 0)
            #expect(try await Kazoo.read(root)?.children["store.db.url"]?.text == value)
            let piped = try await CLI.run(["set", "store.db.user", "--from-file", "-"], root: root, stdin: "seata")
            #expect(piped.status == 0, "\(piped.stderr)")
            #expect(try await Kazoo.read(root)?.children["store.db.user"]?.text == "seata")
            let both = try await CLI.run(["set", "store.db.user", "x", "--from-file", file], root: root)
            #expect(both.status == 64)
            let missing = try await CLI.run(["set", "store.db.user", "--from-file", "/nonexistent/v"], root: root)
            #expect(missing.status == 65)
            try await cleanUp(root)
        }

        @Test func readCommandsOnAnUnreadableNodeDoNotTalkAboutWriting() async throws {
            let top = TestEnvironment.uniqueRoot("node-unreadable")
            let node = top + "/seata.properties"
            let client = try await TestEnvironment.connect()
            try await client.create(node, data: Array("a=\\uZZZZ\n".utf8), createParents: true)
            await client.close()
            let file = try Fixtures.write("a=1\n")
            for arguments in [["get", "a"], ["export"], ["diff", "--from", file]] {
                let result = try await CLI.run(arguments + ["--layout", "node:\(node)"])
                #expect(result.status == 78, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains("cannot be read"), "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("written"), "\(arguments): \(result.stderr)")
            }
            try await cleanUp(top)
        }

        @Test func setWarnsAboutAValueTheSchemaRefusesButWritesIt() async throws {
            let root = TestEnvironment.uniqueRoot("keys-warn")
            let result = try await CLI.run(["set", "server.recovery.committingRetryPeriod", "soon"], root: root)
            #expect(result.status == 0)
            #expect(result.stderr.contains("warning: server.recovery.committingRetryPeriod"))
            try await cleanUp(root)
        }

        @Test func globalOptionsWorkBeforeAndAfterTheSubcommand() async throws {
            let root = TestEnvironment.uniqueRoot("options")
            let connect = try TestEnvironment.sharedConnectString()
            let zkconfig = ProcessRunner.executable("zkconfig")
            let before = try await ProcessRunner.run(
                zkconfig,
                ["--connect", connect, "--root", root, "--format", "json", "set", "k", "v", "--force"]
            )
            #expect(before.status == 0)
            let after = try await ProcessRunner.run(zkconfig, ["get", "k", "--connect", connect, "--root", root])
            #expect(after.stdout == "v\n")
            let fromEnvironment = try await ProcessRunner.run(
                zkconfig,
                ["get", "k", "--root", root],
                environment: ["ZK_CONNECT": connect]
            )
            #expect(fromEnvironment.stdout == "v\n")
            try await cleanUp(root)
        }

        @Test func singleNodeKeysAreEditedInPlace() async throws {
            let top = TestEnvironment.uniqueRoot("node-keys")
            let layout = ["--layout", "node:\(top)/seata.properties"]
            #expect(try await CLI.run(["set", "a", "1", "--force"] + layout).status == 0)
            #expect(try await CLI.run(["set", "b", "x=y", "--force"] + layout).status == 0)
            #expect(try await Kazoo.read(top + "/seata.properties")?.node.text == "a=1\nb=x=y\n")
            #expect(try await CLI.run(["delete", "a"] + layout).status == 0)
            #expect(try await CLI.run(["get", "b"] + layout).stdout == "x=y\n")
            #expect(try await CLI.run(["set", "b", "z", "--version", "0", "--force"] + layout).status == 75)
            #expect(try await Kazoo.read(top + "/seata.properties")?.node.text == "b=x=y\n")
            try await cleanUp(top)
        }
    }
}
