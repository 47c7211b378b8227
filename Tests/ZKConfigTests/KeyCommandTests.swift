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
            #expect(again.status == 0)
            #expect(again.stderr.contains("nothing deleted"))
            try await cleanUp(root)
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
                ["--connect", connect, "--root", root, "--format", "json", "set", "k", "v"]
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
            #expect(try await CLI.run(["set", "a", "1"] + layout).status == 0)
            #expect(try await CLI.run(["set", "b", "x=y"] + layout).status == 0)
            #expect(try await Kazoo.read(top + "/seata.properties")?.node.text == "a=1\nb=x=y\n")
            #expect(try await CLI.run(["delete", "a"] + layout).status == 0)
            #expect(try await CLI.run(["get", "b"] + layout).stdout == "x=y\n")
            #expect(try await CLI.run(["set", "b", "z", "--version", "0"] + layout).status == 75)
            #expect(try await Kazoo.read(top + "/seata.properties")?.node.text == "b=x=y\n")
            try await cleanUp(top)
        }
    }
}
