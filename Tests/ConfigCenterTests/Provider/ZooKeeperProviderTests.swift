import ConfigCenter
import Configuration
import ConfigurationTesting
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// ZooKeeperProvider: swift-configuration's conformance test, and a ConfigReader stack.
@Suite struct ZooKeeperProviderTests {
    @Test func passesSwiftConfigurationsProviderCompatTest() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("provider-compat")
        // The compat test's data set, as text (bytes in base64, arrays comma-separated).
        try await seed(
            writer,
            root: root,
            [
                "string": "Hello",
                "other.string": "Other Hello",
                "int": "42",
                "other.int": "24",
                "double": "3.14",
                "other.double": "2.72",
                "bool": "true",
                "other.bool": "false",
                "bytes": "bWFnaWM=",
                "other.bytes": "bWFnaWMy",
                "stringy.array": "Hello,World",
                "other.stringy.array": "Hello,Swift",
                "inty.array": "42,24",
                "other.inty.array": "16,32",
                "doubly.array": "3.14,2.72",
                "other.doubly.array": "0.9,1.8",
                "booly.array": "true,false",
                "other.booly.array": "false,true,true",
                "byteChunky.array": "bWFnaWM=,bWFnaWMy",
                "other.byteChunky.array": "bWFnaWM=,bWFnaWMy,bWFnaWM=",
            ]
        )
        let provider = try await ZooKeeperProvider.start(
            connect: .init(connectString: TestEnvironment.sharedConnectString()),
            layout: .perKey(root: root),
            logger: quietLogger
        )
        try await ProviderCompatTest(provider: provider).runTest()
        await provider.liveConfig.session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func environmentOverZooKeeperOverDefaultsInAConfigReader() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("provider-stack")
        try await seed(
            writer,
            root: root,
            ["store.mode": "file", "server.maxCommitRetryTimeout": "500", "store.db.password": "hunter2"]
        )
        let schema = try Schemas.repository()
        let zookeeper = try await ZooKeeperProvider.start(
            connect: .init(connectString: TestEnvironment.sharedConnectString()),
            layout: .perKey(root: root),
            schema: schema,
            side: .server,
            logger: quietLogger
        )
        let config = ConfigReader(providers: [
            EnvironmentVariablesProvider(environmentVariables: ["STORE_MODE": "db"]),
            zookeeper,
            SchemaDefaultsProvider(schema: schema, side: .server),
        ])
        #expect(config.string(forKey: "store.mode") == "db", "the environment wins")
        #expect(config.int(forKey: "server.maxCommitRetryTimeout") == 500, "ZooKeeper over the default")
        #expect(config.bool(forKey: "transport.heartbeat") == true, "the schema default")
        #expect(config.string(forKey: "no.such.key") == nil)
        #expect(try zookeeper.value(forKey: ["store", "db", "password"], type: .string).value?.isSecret == true)
        #expect(try zookeeper.value(forKey: ["store", "mode"], type: .string).value?.isSecret == false)
        #expect(throws: ZooKeeperProviderError(key: "store.mode", type: .int)) {
            try zookeeper.value(forKey: ["store", "mode"], type: .int)
        }

        // A change in ZooKeeper reaches a reader's watcher; an invalid one never does.
        let service = Task { try await zookeeper.run() }
        try await config.watchInt(forKey: "server.maxCommitRetryTimeout") { updates in
            var values = updates.makeAsyncIterator()
            #expect(try await values.next() == 500)
            try await writer.set("\(root)/server.maxCommitRetryTimeout", data: Array("abc".utf8))
            try await writer.set("\(root)/server.maxCommitRetryTimeout", data: Array("600".utf8))
            #expect(try await values.next() == 600)
        }
        #expect(zookeeper.liveConfig.lastRejection == nil)
        try await writer.set("\(root)/server.maxCommitRetryTimeout", data: Array("abc".utf8))
        try await eventually("the rejection") { zookeeper.liveConfig.lastRejection != nil }
        #expect(config.int(forKey: "server.maxCommitRetryTimeout") == 600, "the last good value stays")
        service.cancel()
        _ = await service.result
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func effectiveValuesIncludeOverridesAndDefaults() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("provider-effective")
        try await seed(writer, root: root, ["store.mode": "file", "server.undo.logSaveDays": ""])
        let zookeeper = try await ZooKeeperProvider.start(
            connect: .init(connectString: TestEnvironment.sharedConnectString()),
            layout: .perKey(root: root),
            schema: try Schemas.repository(),
            side: .server,
            values: .effective,
            environment: ["SERVER_MAXCOMMITRETRYTIMEOUT": "42"],
            logger: quietLogger
        )
        let config = ConfigReader(provider: zookeeper)
        #expect(config.int(forKey: "server.maxCommitRetryTimeout") == 42)
        #expect(config.int(forKey: "server.undo.logSaveDays") == 7, "empty means unset: the default")
        #expect(config.string(forKey: "store.mode") == "file")

        // A snapshot watcher sees an accepted change.
        let service = Task { try await zookeeper.run() }
        try await zookeeper.watchSnapshot { snapshots in
            var iterator = snapshots.makeAsyncIterator()
            _ = try await iterator.next()
            try await writer.set("\(root)/store.mode", data: Array("raft".utf8))
            try await writer.create("\(root)/server.raft.serverAddr", data: Array("127.0.0.1:7091".utf8))
            while let snapshot = try await iterator.next() {
                if try snapshot.value(forKey: ["store", "mode"], type: .string).value?.content == .string("raft") {
                    break
                }
            }
        }
        service.cancel()
        _ = await service.result
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }
}
