import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// A private server per test, stopped, restarted and paused under a live session.
@Suite struct FaultTests {
    @Test func restartWithinTheSessionTimeoutKeepsTheSession() async throws {
        let server = try await TestZooKeeper.start()
        defer { Task { await server.destroy() } }
        let zk = try await ZooKeeperClient.connect(.init(connectString: server.connectString, sessionTimeout: .seconds(8)))
        defer { Task { await zk.close() } }
        try await zk.create("/kept", data: Array("1".utf8))
        try await zk.create("/mine", mode: .ephemeral)
        let session = zk.sessionID

        try await server.stop()
        let lost = await #expect(throws: ZooKeeperError.self) { try await zk.get("/kept") }
        #expect(lost?.code == .connectionLoss)
        #expect(lost?.description.contains(server.connectString) == true)
        #expect(zk.state == .disconnected)

        try await server.restart()
        try await waitFor(zk, .connected, within: .seconds(8))
        #expect(try await zk.get("/kept").string == "1")
        #expect(zk.sessionID == session)
        #expect(try await zk.exists("/mine") != nil, "the ephemeral node survives a reconnect within the timeout")
    }

    @Test func pausePastTheSessionTimeoutReportsExpiry() async throws {
        let server = try await TestZooKeeper.start()
        defer { Task { await server.destroy() } }
        let zk = try await ZooKeeperClient.connect(.init(connectString: server.connectString, sessionTimeout: .seconds(2)))
        defer { Task { await zk.close() } }
        let (_, watch) = try await zk.existsAndWatch("/never")
        var states = zk.sessionStates.makeAsyncIterator()
        #expect(await states.next() == .connected)

        try await server.pause()
        #expect(await states.next() == .disconnected)
        try await Task.sleep(for: .seconds(4))
        try await server.resume()
        #expect(await states.next() == .expired)

        #expect(zk.state == .expired)
        let error = await #expect(throws: ZooKeeperError.self) { try await zk.get("/") }
        #expect(error?.code == .sessionExpired)
        let watchError = await #expect(throws: ZooKeeperError.self) { try await watch.event() }
        #expect(watchError?.code == .sessionExpired)

        // A new session is an explicit new client.
        let fresh = try await ZooKeeperClient.connect(.init(connectString: server.connectString))
        #expect(try await fresh.exists("/") != nil)
        await fresh.close()
    }

    private func waitFor(_ zk: ZooKeeperClient, _ state: SessionState, within timeout: Duration) async throws {
        try await withTimeout(timeout, "session becoming \(state)") {
            for await current in zk.sessionStates where current == state { return }
        }
    }
}
