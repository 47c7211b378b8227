import Foundation
import ZooKeeper
import ZooKeeperTestSupport

/// A coordinator started for a transaction test: its own root seeded with Config/config.txt
/// (plus `extra`), its own store folder, transaction and HTTP ports; stopped by `stop()`.
struct RunningCoordinator {
    let harness: CoordinatorHarness
    let process: RunningProcess
    let client: ZooKeeperClient

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
        let process = try harness.start(arguments, environment: environment)
        do {
            try await harness.waitUntilReady(process)
        } catch {
            process.signal(SIGKILL)
            _ = await process.wait()
            await client.close()
            throw error
        }
        return RunningCoordinator(harness: harness, process: process, client: client)
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
