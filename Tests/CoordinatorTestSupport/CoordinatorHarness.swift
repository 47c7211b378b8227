import ConfigCenter
import Foundation
public import ZooKeeper
public import ZooKeeperTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the built `coordinator` executable against the test ZooKeeper, in a scratch folder of
/// its own (so its `file_store` does not collide with another test's), and talks HTTP to it.
public struct CoordinatorHarness: Sendable {
    /// The ZooKeeper connect string.
    public let connect: String
    /// The coordinator's root in ZooKeeper.
    public let root: String
    /// Its scratch folder (the store folder is inside).
    public let workingDirectory: String
    /// Its HTTP port.
    public let httpPort: Int
    /// The transaction (Seata RPC) port.
    public let port: Int

    /// A harness with a new scratch folder and free ports.
    public init(connect: String, root: String) throws {
        self.connect = connect
        self.root = root
        self.workingDirectory = NSTemporaryDirectory() + "coordinator-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: true)
        self.httpPort = try FreePort.reserve()
        self.port = try FreePort.reserve()
    }

    /// A harness with the given folder and ports.
    public init(connect: String, root: String, workingDirectory: String, httpPort: Int, port: Int) {
        self.connect = connect
        self.root = root
        self.workingDirectory = workingDirectory
        self.httpPort = httpPort
        self.port = port
    }

    /// The schema in the checkout.
    public static var schemaPath: String { TestEnvironment.packageRoot + "/Config/schema.json" }
    /// Config/config.txt in the checkout.
    public static var configPath: String { TestEnvironment.packageRoot + "/Config/config.txt" }

    /// The arguments every start passes.
    public var baseArguments: [String] {
        [
            "--connect", connect, "--root", root, "--http-port", "\(httpPort)", "--port", "\(port)", "--schema",
            Self.schemaPath,
        ]
    }

    /// Runs it to completion (for startup failures).
    public func run(_ extra: [String] = [], environment: [String: String?] = [:]) async throws -> ProcessResult {
        try await ProcessRunner.run(
            ProcessRunner.executable("coordinator"),
            baseArguments + extra,
            environment: environment,
            currentDirectory: workingDirectory
        )
    }

    /// Starts it in the background.
    public func start(_ extra: [String] = [], environment: [String: String?] = [:]) throws -> RunningProcess {
        try RunningProcess(
            ProcessRunner.executable("coordinator"),
            baseArguments + extra,
            environment: environment,
            currentDirectory: workingDirectory
        )
    }

    /// GET a path; the status and the body.
    public func get(_ path: String) async throws -> (status: Int, body: String) {
        let url = URL(string: "http://127.0.0.1:\(httpPort)\(path)")!
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// GET a path and decode its JSON body.
    public func json(_ path: String) async throws -> (status: Int, body: [String: Any]) {
        let (status, body) = try await get(path)
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        return (status, object)
    }

    /// Polls `/ready` until it answers 200, or fails with what the process printed.
    public func waitUntilReady(_ process: RunningProcess, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await get("/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("coordinator not ready within \(timeout); it printed:\n\(process.stderrSoFar)")
    }

    /// Writes `Config/config.txt` (plus `extra`) into the root, one znode per key, as a seed would.
    public static func seed(
        _ client: ZooKeeperClient,
        root: String,
        extra: [String: String] = [:],
        skip: Set<String> = []
    )
        async throws
    {
        let document = try PropertiesParser.parse(contentsOfFile: configPath)
        var values: [String: String] = [:]
        for entry in document.entries { values[entry.key] = entry.value }
        for (key, value) in extra { values[key] = value }
        try await client.create(root, createParents: true)
        for (key, value) in values where !skip.contains(key) {
            try await client.create(root + "/" + key, data: Array(value.utf8))
        }
    }
}
