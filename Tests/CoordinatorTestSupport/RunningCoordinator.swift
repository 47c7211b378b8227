import DatabaseTestSupport
import Foundation
public import ZooKeeper
public import ZooKeeperTestSupport

/// A coordinator started for a transaction test: its own root seeded with Config/config.txt
/// (plus `extra`), its own store folder, transaction and HTTP ports; stopped by `stop()`.
public struct RunningCoordinator: Sendable {
    /// The harness: its ports, root and folder.
    public let harness: CoordinatorHarness
    /// The coordinator process.
    public let process: RunningProcess
    /// A ZooKeeper client on the test server (for live changes).
    public let client: ZooKeeperClient
    /// The extra command-line arguments it was started with.
    public let arguments: [String]
    /// The environment changes it was started with.
    public let environment: [String: String?]

    /// `127.0.0.1:PORT` of the transaction port.
    public var address: String { "127.0.0.1:\(harness.port)" }

    /// Seeds a root of its own (Config/config.txt, the store's keys, then `extra`) and starts a
    /// coordinator on it; returns once `/ready` answers 200.
    public static func start(
        _ name: String,
        store: StoreKind = .file,
        extra: [String: String] = [:],
        arguments: [String] = [],
        environment: [String: String?] = [:]
    ) async throws -> RunningCoordinator {
        let client = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot(name)
        var keys = try await store.keys()
        for (key, value) in extra { keys[key] = value }
        try await CoordinatorHarness.seed(client, root: root, extra: keys)
        let harness = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        do {
            return try await launch(harness, client: client, arguments: arguments, environment: environment)
        } catch {
            await client.close()
            throw error
        }
    }

    private static func launch(
        _ harness: CoordinatorHarness,
        client: ZooKeeperClient,
        arguments: [String],
        environment: [String: String?]
    ) async throws -> RunningCoordinator {
        let process = try harness.start(arguments, environment: environment)
        do {
            try await harness.waitUntilReady(process)
        } catch {
            process.signal(SIGKILL)
            _ = await process.wait()
            throw error
        }
        return RunningCoordinator(
            harness: harness,
            process: process,
            client: client,
            arguments: arguments,
            environment: environment
        )
    }

    /// Sets a key in the coordinator's root (a live change), as `zkconfig set` would.
    public func set(_ key: String, _ value: String) async throws {
        let path = harness.root + "/" + key
        if try await client.exists(path) != nil {
            _ = try await client.set(path, data: Array(value.utf8))
        } else {
            try await client.create(path, data: Array(value.utf8))
        }
    }

    /// Waits until `/config` shows `key` at `value`: the change is applied.
    public func waitUntilApplied(_ key: String, _ value: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let keys = try await harness.json("/config").body["keys"] as? [String: Any]
            if (keys?[key] as? [String: Any])?["value"] as? String == value { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("\(key)=\(value) was not applied within \(timeout)")
    }

    /// kill -9: no shutdown at all.
    public func kill() async {
        process.signal(SIGKILL)
        _ = await process.wait()
    }

    /// Starts the coordinator again on the same root, store folder and ports (after `kill`).
    public func restart() async throws -> RunningCoordinator {
        try await Self.launch(harness, client: client, arguments: arguments, environment: environment)
    }

    /// SIGTERM, then wait (SIGKILL after 20 s); removes the root and the folder.
    @discardableResult
    public func stop() async -> ProcessResult {
        process.signal(SIGTERM)
        let result = await process.wait(timeout: .seconds(20))
        _ = try? await client.deleteRecursively(harness.root)
        await client.close()
        try? FileManager.default.removeItem(atPath: harness.workingDirectory)
        return result
    }
}

/// The session store a test coordinator runs on.
///
/// Its name, and the configuration keys that select and reach it. A test that should run on every store takes `StoreKind.all` as its arguments; a
/// store added to that list runs every such test.
public struct StoreKind: Sendable, CustomStringConvertible {
    /// `file`, `db`.
    public var name: String
    /// The keys to seed (`store.mode` and what that mode needs).
    public var keys: @Sendable () async throws -> [String: String]

    /// Makes a store kind.
    public init(name: String, keys: @escaping @Sendable () async throws -> [String: String]) {
        self.name = name
        self.keys = keys
    }

    /// `store.mode=file`, in the coordinator's own scratch folder.
    public static let file = StoreKind(name: "file") { ["store.mode": "file"] }

    /// `store.mode=db` on a database of its own (Seata's tables) in the PostgreSQL Tools/test.sh
    /// started.
    public static let db = StoreKind(name: "db") {
        let (_, url) = try await TestPostgres.shared().createSeataDatabase("console")
        return TestPostgres.storeKeys(url: url)
    }

    /// Every store the coordinator implements.
    public static let all: [StoreKind] = [.file, .db]

    /// The store's name.
    public var description: String { name }
}
