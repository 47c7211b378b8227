import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Connecting: bounded by the connect timeout, with errors that name the connect string.
@Suite struct ConnectionTests {
    @Test func malformedConnectStringsAreRefusedAtOnce() async throws {
        for bad in ["", "localhost", "127.0.0.1:notaport", "127.0.0.1:2181/bad//chroot", "127.0.0.1:70000"] {
            let error = await #expect(throws: ZooKeeperError.self) {
                try await ZooKeeperClient.connect(.init(connectString: bad, connectTimeout: .seconds(1)))
            }
            #expect(error?.code == .invalidArgument, "\(bad)")
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
