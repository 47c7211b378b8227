import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// The coordinator survives a session expiry: a new session, its registration back, the
/// configuration reloaded with what changed during the outage.
@Suite struct SessionExpiryTests {
    @Test func registrationAndConfigComeBackAfterExpiry() async throws {
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let follower = ensemble.members.first { $0 != leader }!
            let observer = try await ZooKeeperClient.connect(
                .init(connectString: ensemble.connectString(member: leader))
            )
            let root = "/seata"
            let registry = "/instances"
            try await CoordinatorHarness.seed(observer, root: root, extra: ["coordinator.registry.path": registry])

            // The coordinator talks to one follower only, with a short session.
            let coordinator = try CoordinatorHarness(connect: ensemble.connectString(member: follower), root: root)
            let process = try coordinator.start(["--session-timeout", "2"])
            try await coordinator.waitUntilReady(process)
            let node = registry + "/127.0.0.1:\(coordinator.port)"
            let first = try #require(try await observer.exists(node))

            // Freeze that follower past the session timeout: the leader expires the session and
            // its ephemeral registration. Meanwhile the configuration changes.
            try await ensemble.pause(member: follower)
            try await withTimeout(.seconds(15), "the leader expiring the coordinator's session") {
                while try await observer.exists(node) != nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            try await observer.set(root + "/server.maxCommitRetryTimeout", data: Array("7000".utf8))
            try await ensemble.resume(member: follower)

            // A new session: registered again (by another session), the change reloaded.
            let registered: ZNodeStat = try await withTimeout(.seconds(20), "re-registration") {
                while true {
                    if let stat = try await observer.exists(node) { return stat }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(registered.ephemeralOwner != first.ephemeralOwner)
            _ = try await coordinator.waitForKey("server.maxCommitRetryTimeout", timeout: .seconds(20)) {
                $0["value"] as? String == "7000"
            }
            let ready = try await coordinator.waitForReady { $0["ready"] as? Bool == true }
            #expect(ready.status == 200)
            let metrics = try await coordinator.get("/metrics").body
            #expect(metrics.contains("coordinator_zookeeper_session_renewals_total 1"), "\(metrics)")

            process.signal(SIGTERM)
            #expect(await process.wait(timeout: .seconds(20)).status == 0)
            #expect(try await observer.exists(node) == nil)
            await observer.close()
        }
    }
}
