import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// `zkconfig watch` on private ensembles that lose a member or their leader under it: it keeps
/// running and prints the changes made during the outage and after.
///
/// Serialized with the other fault tests of the run (each starts three JVMs).
@Suite(.serialized) struct WatchFaultTests {
    @Test func aSessionExpiredByAFrozenFollowerIsRenewedAndTheOutagesChangesArePrinted() async throws {
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let follower = ensemble.members.first { $0 != leader }!
            let writer = try await ZooKeeperClient.connect(.init(connectString: ensemble.connectString(member: leader)))
            try await writer.create("/seata/server.maxCommitRetryTimeout", data: Array("1".utf8), createParents: true)
            // The watch talks to the follower only, with a short session, so that freezing the
            // follower past the session timeout makes the leader expire the session.
            let watch = try CLI.start(
                ["watch", "--session-timeout", "2"],
                root: "/seata",
                connect: ensemble.connectString(member: follower)
            )
            #expect(await watch.waitForOutput("watching every key (1 now)", timeout: .seconds(20)))
            try await ensemble.pause(member: follower)
            // Well past the 2 s session timeout: the leader expires the session meanwhile (the watch
            // can only reach the frozen follower, so it learns of that when the follower thaws).
            try await Task.sleep(for: .seconds(5))
            try await writer.set("/seata/server.maxCommitRetryTimeout", data: Array("2".utf8))  // during the outage
            try await writer.create("/seata/during.outage", data: Array("x".utf8))
            try await ensemble.resume(member: follower)

            #expect(
                await watch.waitForOutput("server.maxCommitRetryTimeout=2\n", timeout: .seconds(30)),
                "\(watch.stderrSoFar)"
            )
            #expect(await watch.waitForOutput("during.outage=x\n", timeout: .seconds(10)))
            #expect(watch.stderrSoFar.contains("session expired"), "\(watch.stderrSoFar)")
            // Watches are armed again on the new session.
            try await writer.set("/seata/server.maxCommitRetryTimeout", data: Array("3".utf8))
            #expect(await watch.waitForOutput("server.maxCommitRetryTimeout=3\n", timeout: .seconds(10)))

            watch.signal(SIGTERM)
            let result = await watch.wait(timeout: .seconds(10))
            #expect(result.status == 0, "\(result.stderr)")
            // The reload after the expiry prints what changed meanwhile, in key order.
            #expect(
                result.stdout == "during.outage=x\nserver.maxCommitRetryTimeout=2\nserver.maxCommitRetryTimeout=3\n"
            )
            await writer.close()
        }
    }

    @Test func itOutlivesTheLeader() async throws {
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let followers = ensemble.members.filter { $0 != leader }
            let seeder = try await ZooKeeperClient.connect(.init(connectString: ensemble.connectString))
            try await seeder.create("/seata/a", data: Array("1".utf8), createParents: true)
            await seeder.close()
            let watch = try CLI.start(["watch", "a"], root: "/seata", connect: ensemble.connectString)
            #expect(await watch.waitForOutput("watching 1 keys", timeout: .seconds(20)))

            try await ensemble.stop(member: leader)
            let writer = try await ZooKeeperClient.connect(
                .init(
                    connectString: followers.map { ensemble.connectString(member: $0) }.joined(separator: ","),
                    connectTimeout: .seconds(20)
                )
            )
            try await writer.set("/seata/a", data: Array("2".utf8))
            #expect(await watch.waitForOutput("a=2\n", timeout: .seconds(30)), "\(watch.stderrSoFar)")
            try await writer.set("/seata/a", data: Array("3".utf8))
            #expect(await watch.waitForOutput("a=3\n", timeout: .seconds(10)))

            watch.signal(SIGINT)
            let result = await watch.wait(timeout: .seconds(10))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "a=2\na=3\n")
            await writer.close()
        }
    }
}
