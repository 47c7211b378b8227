import Foundation
import Testing
import ZooKeeperTestSupport

extension EndToEnd {
    /// `Tools/zk-config.sh`, the drop-in for Seata's script.
    @Suite struct MigrationScriptTests {
        private var script: String { TestEnvironment.packageRoot + "/Tools/zk-config.sh" }

        private func hostAndPort() throws -> (String, String) {
            let first = try TestEnvironment.sharedConnectString().split(separator: ",")[0]
            let parts = first.split(separator: ":")
            return (String(parts[0]), String(parts[1]))
        }

        @Test func seedsFromTheDefaultLocationWithSeatasFlags() async throws {
            let (host, port) = try hostAndPort()
            let root = TestEnvironment.uniqueRoot("zk-config-sh")
            // Seata's script reads $(dirname $PWD)/config.txt: ../config.txt from where it runs.
            let file = try Fixtures.write("store.mode=file\nserver.maxCommitRetryTimeout=-1\n")
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("zk").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let environment: [String: String?] = ["ZKCONFIG": ProcessRunner.executable("zkconfig")]
            let result = try await ProcessRunner.run(
                script,
                ["-h", host, "-p", port, "-z", "/opt/ignored", "--", "--root", root],
                environment: environment,
                currentDirectory: directory
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try await Kazoo.read(root)?.children["server.maxCommitRetryTimeout"]?.text == "-1")

            let again = try await ProcessRunner.run(
                script,
                ["-h", host, "-p", port, "-f", file, "--", "--root", root],
                environment: environment
            )
            #expect(again.status == 0)
            #expect(again.stderr.contains("no changes"))
            try await cleanUp(root)
        }

        @Test func failuresAreNotExitZero() async throws {
            let missing = try await ProcessRunner.run(
                script,
                ["-h", "127.0.0.1", "-p", "1", "-f", "/nonexistent/config.txt"],
                environment: ["ZKCONFIG": ProcessRunner.executable("zkconfig")]
            )
            #expect(missing.status == 65)
            let unreachable = try await ProcessRunner.run(
                script,
                ["-h", "127.0.0.1", "-p", "1", "-f", try Fixtures.write("a=1\n"), "--", "--timeout", "1"],
                environment: ["ZKCONFIG": ProcessRunner.executable("zkconfig")]
            )
            #expect(unreachable.status == 69)
            let usage = try await ProcessRunner.run(script, ["-x"])
            #expect(usage.status == 64)
        }
    }
}
