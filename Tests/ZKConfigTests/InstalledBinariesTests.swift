import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What `./Tools/install.sh --prefix DIR` installed, run as an operator runs it: from an empty
/// folder, far from the checkout, with no `--schema`.
///
/// `./Tools/test.sh` installs into a temporary prefix and sets `ZKCC_INSTALLED_PREFIX` for its
/// release pass; without it there is nothing installed to test.
extension EndToEnd {
    @Suite(.enabled(if: InstalledPrefix.path != nil, "needs ZKCC_INSTALLED_PREFIX (./Tools/test.sh sets it)"))
    struct InstalledBinariesTests {
        static var prefix: String? { InstalledPrefix.path }

        private var bin: String { Self.prefix! + "/bin" }

        private func emptyFolder(_ name: String) throws -> String {
            let folder = NSTemporaryDirectory() + "\(name)-" + UUID().uuidString.prefix(8).lowercased()
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }

        @Test func everythingIsInPlace() throws {
            let files = [
                "bin/zkconfig", "bin/coordinator", "bin/zk-config.sh",
                "share/bash-completion/completions/zkconfig", "share/zsh/site-functions/_zkconfig",
                "share/fish/vendor_completions.d/zkconfig.fish", "share/bash-completion/completions/coordinator",
                "share/zsh/site-functions/_coordinator", "share/fish/vendor_completions.d/coordinator.fish",
                "share/zookeeper-config-center/config.txt",
                "share/zookeeper-config-center/schema.json",
                "share/zookeeper-config-center/examples/seata-server.service",
            ]
            for file in files {
                let path = Self.prefix! + "/" + file
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                #expect(size > 0, "\(path)")
            }
            #expect(FileManager.default.isExecutableFile(atPath: bin + "/zkconfig"))
            let completion = try String(
                contentsOfFile: Self.prefix! + "/share/bash-completion/completions/zkconfig",
                encoding: .utf8
            )
            #expect(completion.contains("validate"))
        }

        @Test func zkconfigValidatesFromAnEmptyFolderAndFromACopyElsewhere() async throws {
            let connect = try TestEnvironment.sharedConnectString()
            let root = TestEnvironment.uniqueRoot("installed")
            let folder = try emptyFolder("installed-cwd")
            let config = Self.prefix! + "/share/zookeeper-config-center/config.txt"
            let seed = try await ProcessRunner.run(
                bin + "/zkconfig",
                ["--connect", connect, "--root", root, "seed", "--from", config],
                environment: ["ZKCONFIG_SCHEMA": nil, "ZK_AUTH": nil],
                currentDirectory: folder
            )
            #expect(seed.status == 0, "\(seed.stderr)")
            let validate = try await ProcessRunner.run(
                bin + "/zkconfig",
                ["--connect", connect, "--root", root, "validate"],
                environment: ["ZKCONFIG_SCHEMA": nil, "ZK_AUTH": nil],
                currentDirectory: folder
            )
            #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
            #expect(validate.stdout.contains("valid, no problems"))

            // The binary alone, copied to another folder, still has its schema.
            let elsewhere = try emptyFolder("installed-copy")
            try FileManager.default.copyItem(atPath: bin + "/zkconfig", toPath: elsewhere + "/zkconfig")
            let copied = try await ProcessRunner.run(
                elsewhere + "/zkconfig",
                ["--connect", connect, "--root", root, "validate"],
                environment: ["ZKCONFIG_SCHEMA": nil, "ZK_AUTH": nil],
                currentDirectory: folder
            )
            #expect(copied.status == 0, "\(copied.stderr)")
            let version = try await ProcessRunner.run(elsewhere + "/zkconfig", ["--version"], currentDirectory: folder)
            #expect(version.stdout.contains("schema 2 (Apache Seata 2.x"))

            // zk-config.sh finds the zkconfig installed beside it.
            let script = try await ProcessRunner.run(
                bin + "/zk-config.sh",
                [
                    "-h", String(connect.split(separator: ":")[0]), "-p", String(connect.split(separator: ":")[1]),
                    "-f", config, "--", "--root", root, "--dry-run",
                ],
                environment: ["ZKCONFIG": nil, "PATH": "/usr/bin:/bin"],
                currentDirectory: folder
            )
            #expect(script.status == 0, "\(script.stderr)")
            #expect(script.stderr.contains("no changes"), "\(script.stderr)")
            let client = try await TestEnvironment.connect()
            _ = try await client.deleteRecursively(root)
            await client.close()
        }

        @Test func theCoordinatorStartsFromAnEmptyFolderWithoutASchemaFile() async throws {
            let connect = try TestEnvironment.sharedConnectString()
            let root = TestEnvironment.uniqueRoot("installed-coord")
            let registry = TestEnvironment.uniqueRoot("installed-registry")
            let folder = try emptyFolder("installed-coordinator")
            let client = try await TestEnvironment.connect()
            try await CoordinatorSeed.write(client, root: root)
            let port = try FreePort.reserve()
            let process = try RunningProcess(
                bin + "/coordinator",
                ["--connect", connect, "--root", root, "--http-port", "\(port)"],
                environment: ["ZKCONFIG_SCHEMA": nil, "ZK_AUTH": nil, "COORDINATOR_REGISTRY_PATH": registry],
                currentDirectory: folder
            )
            var ready = false
            let deadline = ContinuousClock.now + .seconds(30)
            while !ready, ContinuousClock.now < deadline {
                if let (_, response) = try? await URLSession.shared.data(
                    from: URL(string: "http://127.0.0.1:\(port)/ready")!
                ) {
                    ready = (response as? HTTPURLResponse)?.statusCode == 200
                }
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(ready, "\(process.stderrSoFar)")
            #expect(process.stderrSoFar.contains("schema 2 (Apache Seata 2.x"), "the built-in schema")
            #expect(FileManager.default.fileExists(atPath: folder + "/file_store/data"))
            process.signal(SIGTERM)
            #expect(await process.wait(timeout: .seconds(20)).status == 0)
            _ = try await client.deleteRecursively(root)
            _ = try await client.deleteRecursively(registry)
            await client.close()
        }
    }
}

/// Where `./Tools/install.sh` installed for this run, when it did.
enum InstalledPrefix {
    static var path: String? {
        ProcessInfo.processInfo.environment["ZKCC_INSTALLED_PREFIX"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
