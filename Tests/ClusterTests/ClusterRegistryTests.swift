import Foundation
import SeataClient
import SeataClientZooKeeper
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Seata's registry layout: `/registry/zk/<cluster>/<ip>:<port>` = `true`, ephemeral.
@Suite(.serialized) struct ClusterRegistryTests {
    @Test func theNodeAppearsHoldingTrueAndVanishesOnSIGTERMAndTheClientLetsGo() async throws {
        let cluster = try await Cluster.make("registry")
        defer { Task { await cluster.close() } }
        let first = try await cluster.start()
        let second = try await cluster.start()
        let node = try await cluster.zk.get(first.registryNode)
        #expect(node.bytes == Array("true".utf8))
        #expect(node.stat.ephemeralOwner != 0)
        let parent = try #require(try await cluster.zk.exists("/registry/zk/\(cluster.registryCluster)"))
        #expect(parent.ephemeralOwner == 0)
        #expect(
            try await cluster.zk.children("/registry/zk/\(cluster.registryCluster)").sorted()
                == [first.address, second.address].sorted()
        )

        let client = try await SeataClient.discovering(cluster, resources: [])
        try await withTimeout(.seconds(15), "both connected") {
            while client.connectedCoordinators(.transactionManager).count < 2 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(await first.stop()?.status == 0)
        #expect(try await cluster.zk.exists(first.registryNode) == nil)
        try await withTimeout(.seconds(15), "the client letting go of the stopped coordinator") {
            while client.connectedCoordinators(.transactionManager).map(\.description) != [second.address] {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        // New transactions all go to the one left.
        for _ in 0..<10 {
            let xid = try await client.begin(timeout: .seconds(10))
            #expect(xid.hasPrefix(second.address + ":"))
            #expect(try await client.commit(xid: xid) == .committed)
        }
        await client.shutdown()
        await second.stop()
    }

    @Test func theNodeComesBackAfterTheRegistrySessionExpires() async throws {
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let follower = ensemble.members.first { $0 != leader }!
            let cluster = try await Cluster.make("expiry")
            defer { Task { await cluster.close() } }
            let observer = try await ZooKeeperClient.connect(
                .init(connectString: ensemble.connectString(member: leader))
            )
            defer { Task { await observer.close() } }
            // The registry on its own ensemble, through one follower, with a short session.
            let member = try await cluster.start([
                "--registry-connect", ensemble.connectString(member: follower), "--registry-session-timeout", "2",
            ])
            let first = try #require(try await observer.exists(member.registryNode))
            try await ensemble.pause(member: follower)
            try await withTimeout(.seconds(15), "the leader expiring the registry session") {
                while try await observer.exists(member.registryNode) != nil {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            try await ensemble.resume(member: follower)
            let again: ZNodeStat = try await withTimeout(.seconds(20), "re-registration") {
                while true {
                    if let stat = try await observer.exists(member.registryNode) { return stat }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(again.ephemeralOwner != first.ephemeralOwner)
            #expect(try await observer.get(member.registryNode).bytes == Array("true".utf8))
            #expect(await member.stop()?.status == 0)
            #expect(try await observer.exists(member.registryNode) == nil)
        }
    }
}
