import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Connecting: bounded by the connect timeout, with errors that name the connect string.
@Suite struct ConnectionTests {
    @Test func malformedConnectStringsAreRefusedAtOnce() async throws {
        for bad in [
            "", "localhost", "127.0.0.1:notaport", "127.0.0.1:2181/bad//chroot", "127.0.0.1:70000", "[::1:2181",
            "::1]:2181",
        ] {
            let error = await #expect(throws: ZooKeeperError.self) {
                try await ZooKeeperClient.connect(.init(connectString: bad, connectTimeout: .seconds(1)))
            }
            #expect(error?.code == .invalidArgument, "\(bad)")
        }
    }

    @Test func aHostNameThatDoesNotResolveIsUnreachableNotMalformed() async throws {
        let error = await #expect(throws: ZooKeeperError.self) {
            try await ZooKeeperClient.connect(
                .init(connectString: "no-such-host.invalid:2181", connectTimeout: .seconds(1))
            )
        }
        #expect(error?.code == .unresolvedHost)
        #expect(error?.description.contains("no-such-host.invalid") == true, "\(String(describing: error))")
        #expect(error?.connectString == "no-such-host.invalid:2181")
    }

    @Test func bracketedIPv6AddressesConnect() async throws {
        try await TestZooKeeper.with(address: "::1") { server in
            #expect(server.connectString.hasPrefix("[::1]:"))
            let zk = try await ZooKeeperClient.connect(
                .init(connectString: server.connectString + "/app", connectTimeout: .seconds(10))
            )
            #expect(zk.configuration.chroot == "/app")
            #expect(zk.configuration.hosts == server.connectString)
            #expect(try await zk.exists("/") == nil, "under a chroot that does not exist, / does not either")
            await zk.close()
            let plain = try await ZooKeeperClient.connect(
                .init(connectString: server.connectString, connectTimeout: .seconds(10))
            )
            try await plain.create("/app", data: Array("v6".utf8))
            #expect(try await plain.get("/app").string == "v6")
            await plain.close()
        }
    }

    @Test func sessionStatesStartConnectedAndEndClosed() async throws {
        let zk = try await TestEnvironment.connect()
        #expect(zk.state == .connected)
        #expect(zk.sessionID != nil)
        var states = zk.sessionStates.makeAsyncIterator()
        #expect(await states.next() == .connected)
        await zk.close()
        #expect(await states.next() == .closed)
        #expect(await states.next() == nil)
        #expect(zk.state == .closed)
        let error = await #expect(throws: ZooKeeperError.self) { try await zk.exists("/") }
        #expect(error?.code == .closing)
    }

    @Test func closeIsIdempotent() async throws {
        let zk = try await TestEnvironment.connect()
        async let a: Void = zk.close()
        async let b: Void = zk.close()
        _ = await (a, b)
        await zk.close()
        #expect(zk.state == .closed)
    }
}
