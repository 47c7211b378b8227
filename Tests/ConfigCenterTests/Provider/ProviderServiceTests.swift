import ConfigCenter
import Configuration
import Logging
import ServiceLifecycle
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// ZooKeeperProvider as a ServiceLifecycle service.
@Suite struct ProviderServiceTests {
    @Test func inAServiceGroupItFollowsChangesAndStopsOnGracefulShutdown() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("provider-service")
        try await seed(writer, root: root, ["feature.enabled": "false"])
        let provider = try await ZooKeeperProvider.start(
            connect: .init(connectString: TestEnvironment.sharedConnectString()),
            layout: .perKey(root: root),
            logger: quietLogger
        )
        let config = ConfigReader(provider: provider)
        let group = ServiceGroup(services: [provider], logger: quietLogger)
        let running = Task { try await group.run() }

        try await writer.set("\(root)/feature.enabled", data: Array("true".utf8))
        try await eventually("the change reaching the reader") { config.bool(forKey: "feature.enabled") == true }
        // A key that goes away reads as unset again.
        try await writer.delete("\(root)/feature.enabled")
        try await eventually("the deletion reaching the reader") { config.bool(forKey: "feature.enabled") == nil }

        var changes = provider.liveConfig.changes().makeAsyncIterator()
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(await changes.next() == nil, "the change streams end with the service")
        #expect(provider.liveConfig.session.client.state == .closed, "the provider closed the session it made")
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }
}
