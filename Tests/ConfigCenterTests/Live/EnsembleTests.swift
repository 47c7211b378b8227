import ConfigCenter
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Loading and following a configuration on a three-member ensemble (one of the serialized
/// fault tests).
extension LiveConfigFaultTests {
    @Test func aSeedThroughOneMemberLoadsThroughAnotherAndTheLiveConfigOutlivesTheLeader() async throws {
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let followers = ensemble.members.filter { $0 != leader }
            let root = "/seata"

            // Seed through one follower and load at once through the other: the sync before
            // the load makes the second follower catch up with every key.
            let seeder = try await ZooKeeperClient.connect(
                .init(connectString: ensemble.connectString(member: followers[0]))
            )
            var values: [String: String] = ["store.mode": "file"]
            for i in 0..<300 { values["service.vgroupMapping.group\(i)"] = "default" }
            try await seeder.create(root)
            _ = try await seeder.multi(values.map { .create(path: "\(root)/\($0.key)", data: Array($0.value.utf8)) })
            let reader = try await ZooKeeperClient.connect(
                .init(connectString: ensemble.connectString(member: followers[1]))
            )
            let loaded = try await serverLoader().load(from: reader, layout: .perKey(root: root))
            #expect(loaded.storedValues.count == values.count)
            #expect(loaded.report.isValid)
            await reader.close()
            await seeder.close()

            // Now follow it over the whole ensemble, and stop the leader.
            let session = try await RenewingSession.connect(
                .init(connectString: ensemble.connectString, sessionTimeout: .seconds(8)),
                retryDelay: .milliseconds(100)
            )
            let live = LiveConfig(
                session: session,
                layout: .perKey(root: root),
                loader: try serverLoader(),
                logger: quietLogger
            )
            #expect(try await live.start().storedValues.count == values.count)
            var changes = ChangeFollower(live)
            try await running(live) {
                try await ensemble.stop(member: leader)
                let writer = try await ZooKeeperClient.connect(
                    .init(
                        connectString: followers.map { ensemble.connectString(member: $0) }.joined(separator: ","),
                        connectTimeout: .seconds(20)
                    )
                )
                try await writer.set("\(root)/service.vgroupMapping.group7", data: Array("other".utf8))
                let (config, keys) = try await changes.accepted(
                    within: .seconds(20),
                    "the change after the leader stopped"
                )
                #expect(keys == ["service.vgroupMapping.group7"])
                #expect(config.value("service.vgroupMapping.group7") == "other")
                await writer.close()
            }
            await session.close()
        }
    }
}
