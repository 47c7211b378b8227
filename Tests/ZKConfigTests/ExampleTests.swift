import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

extension EndToEnd {
    /// The command lines of `Tools/examples/` (a systemd unit's ExecStartPre, a Kubernetes init
    /// container), run as systemd and Kubernetes would run them, against a real ZooKeeper: a
    /// good tree lets the server start, a bad one stops it.
    @Suite struct ExampleTests {
        private static let examples = TestEnvironment.packageRoot + "/Tools/examples/"

        /// `ExecStartPre=` of the unit, with `${VAR}` expanded from its `Environment=` lines
        /// (overridden by `environment`), split into words as systemd splits an unquoted line.
        static func systemdCommand(overriding environment: [String: String]) throws -> [String] {
            let unit = try String(contentsOfFile: examples + "seata-server.service", encoding: .utf8)
            var variables: [String: String] = [:]
            var command: String?
            for line in unit.split(separator: "\n").map(String.init) {
                if line.hasPrefix("Environment=") {
                    let assignment = line.dropFirst("Environment=".count)
                    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                    variables[parts[0]] = parts.count > 1 ? parts[1] : ""
                } else if line.hasPrefix("ExecStartPre=") {
                    command = String(line.dropFirst("ExecStartPre=".count))
                }
            }
            let line = try #require(command, "the unit has an ExecStartPre")
            variables.merge(environment) { $1 }
            return line.split(separator: " ")
                .map { word in
                    var word = String(word)
                    for (name, value) in variables { word = word.replacingOccurrences(of: "${\(name)}", with: value) }
                    return word
                }
        }

        /// The init container's `command:` (a JSON-style flow sequence) with `$(VAR)` expanded
        /// from its `env:` entries (overridden by `environment`), as the kubelet expands them.
        static func initContainerCommand(overriding environment: [String: String]) throws -> [String] {
            let yaml = try String(contentsOfFile: examples + "kubernetes-init-container.yaml", encoding: .utf8)
            var variables: [String: String] = [:]
            var name: String?
            var command: [String]?
            for line in yaml.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if line.hasPrefix("- name: ") {
                    name = String(line.dropFirst("- name: ".count))
                } else if line.hasPrefix("value: "), let variable = name {
                    variables[variable] = String(line.dropFirst("value: ".count))
                        .trimmingCharacters(
                            in: CharacterSet(charactersIn: "\"")
                        )
                } else if line.hasPrefix("command: "), command == nil {
                    let array = Data(line.dropFirst("command: ".count).utf8)
                    command = try JSONSerialization.jsonObject(with: array) as? [String]
                }
            }
            variables.merge(environment) { $1 }
            return try #require(command, "the init container has a command")
                .map { word in
                    var word = word
                    for (name, value) in variables { word = word.replacingOccurrences(of: "$(\(name))", with: value) }
                    return word
                }
        }

        private func run(_ command: [String]) async throws -> ProcessResult {
            // The first word is the installed zkconfig (a path, or a name on PATH): the built one.
            try await ProcessRunner.run(
                ProcessRunner.executable("zkconfig"),
                Array(command.dropFirst()),
                environment: ["ZK_AUTH": nil, "ZK_CONNECT": nil]
            )
        }

        @Test func bothExamplesLetAGoodTreeStartAndStopABadOne() async throws {
            let root = TestEnvironment.uniqueRoot("examples")
            let overrides = ["ZK_CONNECT": try TestEnvironment.sharedConnectString(), "SEATA_ZK_ROOT": root]
            let commands = [
                try Self.systemdCommand(overriding: overrides), try Self.initContainerCommand(overriding: overrides),
            ]
            for command in commands {
                #expect(command.first?.hasSuffix("zkconfig") == true, "\(command)")
                #expect(command.last == "validate")
                #expect(command.contains(root))
            }
            let client = try await TestEnvironment.connect()
            try await CoordinatorSeed.write(client, root: root)
            for command in commands {
                let good = try await run(command)
                #expect(good.status == 0, "\(command): \(good.stdout)\(good.stderr)")
            }
            // A value Seata would read wrongly (SYNC is silently async there): the server must not start.
            try await client.set(root + "/store.file.flushDiskMode", data: Array("SYNC".utf8))
            for command in commands {
                let bad = try await run(command)
                #expect(bad.status == 78, "\(command)")
                #expect(bad.stdout.contains("store.file.flushDiskMode"))
            }
            // ZooKeeper unreachable: 69, which a supervisor retries.
            let dead = ["ZK_CONNECT": "127.0.0.1:\(try FreePort.reserve())", "SEATA_ZK_ROOT": root]
            var unreachable = try Self.systemdCommand(overriding: dead)
            if let timeout = unreachable.firstIndex(of: "--timeout") { unreachable[timeout + 1] = "1" }
            #expect(try await run(unreachable).status == 69)
            _ = try await client.deleteRecursively(root)
            await client.close()
        }
    }
}

/// Writes the project's `Config/config.txt` into a root, one znode per key, as a seed would.
enum CoordinatorSeed {
    static func write(_ client: ZooKeeperClient, root: String) async throws {
        let text = try String(contentsOfFile: TestEnvironment.packageRoot + "/Config/config.txt", encoding: .utf8)
        try await client.create(root, createParents: true)
        for entry in try PropertiesFile.entries(text) {
            try await client.create(root + "/" + entry.key, data: Array(entry.value.utf8))
        }
    }
}
