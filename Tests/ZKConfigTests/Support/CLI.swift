import Foundation
import ZooKeeperTestSupport

/// Runs the built `zkconfig` against the shared test server, as an ops script would.
enum CLI {
    /// Runs `zkconfig --connect <shared> [--root root] ARGS` to completion (at most a minute).
    static func run(
        _ arguments: [String],
        root: String? = nil,
        environment: [String: String?] = [:],
        stdin: String? = nil
    ) async throws -> ProcessResult {
        let process = try start(arguments, root: root, environment: environment, stdin: stdin)
        return await process.wait(timeout: .seconds(60))
    }

    /// Starts `zkconfig --connect <shared, or connect> [--root root] ARGS` in the background.
    static func start(
        _ arguments: [String],
        root: String? = nil,
        connect: String? = nil,
        environment: [String: String?] = [:],
        stdin: String? = nil
    ) throws -> RunningProcess {
        let connect = try connect ?? TestEnvironment.sharedConnectString()
        var global = ["--connect", connect]
        if let root { global += ["--root", root] }
        // Neither the developer's ZK_AUTH nor ZK_CONNECT may leak into a test.
        var env: [String: String?] = ["ZK_AUTH": nil, "ZK_CONNECT": nil]
        for (key, value) in environment { env[key] = value }
        return try RunningProcess(
            ProcessRunner.executable("zkconfig"),
            global + arguments,
            environment: env,
            stdin: stdin
        )
    }
}

/// Files the tests seed from.
enum Fixtures {
    /// Seata's stock config.txt beside the repository (absent in some clones).
    static let seata = URL(fileURLWithPath: TestEnvironment.packageRoot + "/../shared/fixtures/seata/config.txt")
        .standardized.path

    /// Whether the Seata fixture is there; tests that need it are skipped when it is not.
    static var hasSeata: Bool { FileManager.default.fileExists(atPath: seata) }

    /// Writes `text` to a new temporary file and returns its path.
    static func write(_ text: String, name: String = "config.txt") throws -> String {
        let directory = NSTemporaryDirectory() + "zkconfig-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The keys and values of a properties file as `java.util.Properties` reads it (last wins),
    /// read with the project's parser.
    static func values(ofPropertiesFile path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: String] = [:]
        for entry in try PropertiesFile.entries(text) { values[entry.key] = entry.value }
        return values
    }
}
