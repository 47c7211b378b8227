import Foundation
import ZooKeeper
import ZooKeeperTestSupport

/// A coordinator started for a transaction test: its own root seeded with Config/config.txt
/// (plus `extra`), its own store folder, transaction and HTTP ports; stopped by `stop()`.
struct RunningCoordinator {
    let harness: CoordinatorHarness
    let process: RunningProcess
    let client: ZooKeeperClient
    let arguments: [String]
    let environment: [String: String?]

    /// `127.0.0.1:PORT` of the transaction port.
    var address: String { "127.0.0.1:\(harness.port)" }

    static func start(
        _ name: String,
        extra: [String: String] = [:],
        arguments: [String] = [],
        environment: [String: String?] = [:]
    ) async throws -> RunningCoordinator {
        let client = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot(name)
        try await CoordinatorHarness.seed(client, root: root, extra: extra)
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
    func set(_ key: String, _ value: String) async throws {
        let path = harness.root + "/" + key
        if try await client.exists(path) != nil {
            _ = try await client.set(path, data: Array(value.utf8))
        } else {
            try await client.create(path, data: Array(value.utf8))
        }
    }

    /// Waits until `/config` shows `key` at `value`: the change is applied.
    func waitUntilApplied(_ key: String, _ value: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let keys = try await harness.json("/config").body["keys"] as? [String: Any]
            if (keys?[key] as? [String: Any])?["value"] as? String == value { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("\(key)=\(value) was not applied within \(timeout)")
    }

    /// kill -9: no shutdown at all.
    func kill() async {
        process.signal(SIGKILL)
        _ = await process.wait()
    }

    /// Starts the coordinator again on the same root, store folder and ports (after `kill`).
    func restart() async throws -> RunningCoordinator {
        try await Self.launch(harness, client: client, arguments: arguments, environment: environment)
    }

    /// SIGTERM, then wait (SIGKILL after 20 s); removes the root and the folder.
    @discardableResult
    func stop() async -> ProcessResult {
        process.signal(SIGTERM)
        let result = await process.wait(timeout: .seconds(20))
        _ = try? await client.deleteRecursively(harness.root)
        await client.close()
        try? FileManager.default.removeItem(atPath: harness.workingDirectory)
        return result
    }
}
