import ConfigCenter
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// LiveConfig on private servers that are stopped, paused and restarted under it.
///
/// Serialized: each test starts its own server or ensemble, and JVMs starting at once on a
/// two-core machine starve every other test of the run (timing assertions included).
@Suite(.serialized) struct LiveConfigFaultTests {
    @Test func aServerRestartedWithinTheSessionTimeoutIsFollowedOnTheSameSession() async throws {
        try await TestZooKeeper.with { server in
            let root = "/seata"
            let writer = try await ZooKeeperClient.connect(.init(connectString: server.connectString))
            try await seed(writer, root: root, ["store.mode": "file", "server.maxCommitRetryTimeout": "1"])
            await writer.close()
            let session = try await RenewingSession.connect(
                .init(connectString: server.connectString, sessionTimeout: .seconds(8)),
                retryDelay: .milliseconds(100)
            )
            let live = LiveConfig(
                session: session,
                layout: .perKey(root: root),
                loader: try serverLoader(),
                logger: quietLogger
            )
            try await live.start()
            var changes = ChangeFollower(live)
            try await running(live) {
                try await server.stop()
                try await server.restart()
                let again = try await ZooKeeperClient.connect(
                    .init(connectString: server.connectString, connectTimeout: .seconds(10))
                )
                try await again.set("\(root)/server.maxCommitRetryTimeout", data: Array("2".utf8))
                try await again.create("\(root)/server.undo.logSaveDays", data: Array("9".utf8))
                _ = try await changes.accepted(within: .seconds(15), "the changes after the restart") {
                    $0.value("server.maxCommitRetryTimeout") == "2" && $0.value("server.undo.logSaveDays") == "9"
                }
                #expect(session.generation == 1, "the session survived")
                await again.close()
            }
            await session.close()
        }
    }

    @Test func afterExpiryANewSessionReloadsEverythingAndSeesTheOutagesChanges() async throws {
        // Expire the session for certain: pause the follower it talks to; the leader expires it.
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let follower = ensemble.members.first { $0 != leader }!
            let root = "/seata"
            let writer = try await ZooKeeperClient.connect(.init(connectString: ensemble.connectString(member: leader)))
            try await seed(
                writer,
                root: root,
                ["store.mode": "file", "server.maxCommitRetryTimeout": "1", "gone": "x"]
            )
            let session = try await RenewingSession.connect(
                .init(connectString: ensemble.connectString(member: follower), sessionTimeout: .seconds(2)),
                retryDelay: .milliseconds(100)
            )
            let live = LiveConfig(
                session: session,
                layout: .perKey(root: root),
                loader: ConfigLoader(schema: .permissive, side: .server, environment: [:]),
                logger: quietLogger
            )
            try await live.start()
            let marker = try await session.client.create("/marker", mode: .ephemeral)
            var changes = ChangeFollower(live)
            try await running(live) {
                try await ensemble.pause(member: follower)
                try await eventually(within: .seconds(15), "the leader expiring the session") {
                    try await writer.exists(marker) == nil
                }
                // Changes made while the session is gone: no watch can report them.
                try await writer.set("\(root)/server.maxCommitRetryTimeout", data: Array("2".utf8))
                try await writer.create("\(root)/added", data: Array("y".utf8))
                try await writer.delete("\(root)/gone")
                try await ensemble.resume(member: follower)

                let (config, keys) = try await changes.accepted(within: .seconds(20), "the reload after expiry")
                #expect(keys == ["server.maxCommitRetryTimeout", "added", "gone"])
                #expect(config.value("server.maxCommitRetryTimeout") == "2")
                #expect(config.value("added") == "y")
                #expect(config.value("gone") == nil)
                #expect(session.generation == 2)

                // Every watch was re-armed on the new session.
                try await writer.set("\(root)/added", data: Array("z".utf8))
                _ = try await changes.accepted { $0.value("added") == "z" }
                try await writer.create("\(root)/later", data: Array("1".utf8))
                _ = try await changes.accepted { $0.value("later") == "1" }
            }
            await session.close()
            await writer.close()
        }
    }
}
