import Foundation
public import ZooKeeper

/// Where the tests' ZooKeeper is, and private servers for tests that break theirs.
///
/// `./Tools/test.sh` starts one real ZooKeeper and exports its connect string as
/// `ZK_TEST_CONNECT`; tests that only read and write share it, each under a root of its own.
/// Tests that stop, pause or restart a server start a private one with `TestZooKeeper.start`.
public enum TestEnvironment {
    /// The package's root folder.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Tools/zookeeper.sh`.
    public static var zookeeperScript: String { packageRoot + "/Tools/zookeeper.sh" }

    /// The shared test server's connect string.
    public static func sharedConnectString() throws -> String {
        guard let connect = ProcessInfo.processInfo.environment["ZK_TEST_CONNECT"], !connect.isEmpty else {
            throw TestSetupError(
                "ZK_TEST_CONNECT is not set: run the tests through ./Tools/test.sh, which starts a real ZooKeeper, "
                    + "or start one with Tools/zookeeper.sh and export its connect string"
            )
        }
        return connect
    }

    /// A root path no other test uses: `/test-<name>-<random>`.
    public static func uniqueRoot(_ name: String) -> String {
        "/test-\(name)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A client of the shared server.
    public static func connect(
        sessionTimeout: Duration = .seconds(10),
        credentials: DigestCredentials? = nil,
        maxRequestsInFlight: Int = 1000
    ) async throws -> ZooKeeperClient {
        try await ZooKeeperClient.connect(
            .init(
                connectString: sharedConnectString(),
                sessionTimeout: sessionTimeout,
                connectTimeout: .seconds(10),
                credentials: credentials,
                maxRequestsInFlight: maxRequestsInFlight
            )
        )
    }
}

/// A test's reason for not being able to run at all.
public struct TestSetupError: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String
    /// An error with its explanation.
    public init(_ description: String) { self.description = description }
}

/// A private ZooKeeper (standalone or an ensemble) started by `Tools/zookeeper.sh` for one
/// test, in a temporary folder, on free loopback ports.
///
/// Stop it with `destroy()`.
public final class TestZooKeeper: Sendable {
    /// The folder holding the servers' configuration, data, logs and pids.
    public let directory: String
    /// The connect string listing every member.
    public let connectString: String
    /// The member ids (1 for standalone).
    public let members: [Int]

    private init(directory: String, connectString: String, members: [Int]) {
        self.directory = directory
        self.connectString = connectString
        self.members = members
    }

    /// Starts a server (`members: 1`) or an ensemble (`members: 3`) and waits until it serves.
    ///
    /// `tickMilliseconds` bounds the session timeouts the server grants (2 to 20 ticks);
    /// `address` `::1` makes a standalone server listen on IPv6 loopback (connect string `[::1]:PORT`).
    public static func start(members: Int = 1, tickMilliseconds: Int = 500, address: String = "127.0.0.1")
        async throws -> TestZooKeeper
    {
        let directory = NSTemporaryDirectory() + "zk-test-" + UUID().uuidString.prefix(8).lowercased()
        let result = try await run(
            TestEnvironment.zookeeperScript,
            [
                "start", directory, "--members", "\(members)", "--tick", "\(tickMilliseconds)", "--address", address,
            ]
        )
        guard result.status == 0 else {
            throw TestSetupError("zookeeper.sh start failed (\(result.status)): \(result.stderr)")
        }
        let connect = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return TestZooKeeper(directory: directory, connectString: connect, members: Array(1...members))
    }

    /// Starts a server for the duration of `body` and stops it afterwards, also when `body`
    /// throws.
    ///
    /// Prefer this over `start`: a test process may end before a deferred cleanup task runs.
    public static func with<T>(
        members: Int = 1,
        tickMilliseconds: Int = 500,
        address: String = "127.0.0.1",
        _ body: (TestZooKeeper) async throws -> T
    ) async throws -> T {
        let server = try await start(members: members, tickMilliseconds: tickMilliseconds, address: address)
        do {
            let result = try await body(server)
            await server.destroy()
            return result
        } catch {
            await server.destroy()
            throw error
        }
    }

    /// The connect string of one member.
    public func connectString(member: Int) -> String {
        connectString.split(separator: ",")[member - 1].description
    }

    /// Stops one member (or all), by pid.
    public func stop(member: Int? = nil) async throws { try await script("stop", member) }
    /// Starts stopped members again on the same ports and data, and waits until they serve.
    public func restart(member: Int? = nil) async throws { try await script("restart", member) }
    /// Freezes a member with SIGSTOP: its port stays open but it answers nothing.
    public func pause(member: Int = 1) async throws { try await script("pause", member) }
    /// Thaws a member with SIGCONT.
    public func resume(member: Int = 1) async throws { try await script("resume", member) }

    /// The member that is leader now.
    public func leader() async throws -> Int {
        let out = try await script("leader", nil)
        guard let id = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSetupError("zookeeper.sh leader printed '\(out)'")
        }
        return id
    }

    /// Stops every member and deletes the folder.
    public func destroy() async {
        _ = try? await Self.run(TestEnvironment.zookeeperScript, ["destroy", directory])
    }

    @discardableResult
    private func script(_ command: String, _ member: Int?) async throws -> String {
        let result = try await Self.run(
            TestEnvironment.zookeeperScript,
            [command, directory] + (member.map { ["\($0)"] } ?? [])
        )
        guard result.status == 0 else {
            throw TestSetupError("zookeeper.sh \(command) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(executable, arguments)
    }
}
