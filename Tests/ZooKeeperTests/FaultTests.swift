import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// A private server per test, stopped, restarted and paused under a live session.
@Suite struct FaultTests {
    @Test func restartWithinTheSessionTimeoutKeepsTheSession() async throws {
        try await TestZooKeeper.with { server in
            let zk = try await ZooKeeperClient.connect(
                .init(connectString: server.connectString, sessionTimeout: .seconds(8))
            )
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
            await zk.close()
        }
    }

    @Test func pausePastTheSessionTimeoutReportsExpiry() async throws {
        // A paused standalone server freezes its own session clock with it, and on resume
        // the client's queued reconnect races the server's expiry. In an ensemble the leader
        // keeps time: pause the follower this client talks to, and the leader expires the
        // session for certain.
        try await TestZooKeeper.with(members: 3) { ensemble in
            let leader = try await ensemble.leader()
            let follower = ensemble.members.first { $0 != leader }!
            let connect = ensemble.connectString(member: follower)
            let zk = try await ZooKeeperClient.connect(.init(connectString: connect, sessionTimeout: .seconds(2)))
            let renewing = try await RenewingSession.connect(
                .init(connectString: connect, sessionTimeout: .seconds(2)),
                retryDelay: .milliseconds(200)
            )
            // Each session owns an ephemeral node: its disappearance proves the leader expired it.
            try await renewing.client.create("/mine-renewing", mode: .ephemeral)
            let renewals = renewing.sessions()
            let firstRenewable = renewing.client
            var renewingStates = renewing.states().makeAsyncIterator()
            #expect(await renewingStates.next() == .connected)
            try await zk.create("/mine", mode: .ephemeral)
            let (_, watch) = try await zk.existsAndWatch("/never")
            var states = zk.sessionStates.makeAsyncIterator()
            #expect(await states.next() == .connected)

            try await ensemble.pause(member: follower)
            #expect(await states.next() == .disconnected)
            let observer = try await ZooKeeperClient.connect(
                .init(connectString: ensemble.connectString(member: leader))
            )
            try await withTimeout(.seconds(10), "the leader expiring the session") {
                for node in ["/mine", "/mine-renewing"] {
                    while try await observer.exists(node) != nil { try await Task.sleep(for: .milliseconds(100)) }
                }
            }
            try await ensemble.resume(member: follower)
            #expect(await states.next() == .expired)

            #expect(zk.state == .expired)
            let error = await #expect(throws: ZooKeeperError.self) { try await zk.get("/") }
            #expect(error?.code == .sessionExpired)
            #expect(error?.description.contains("expired") == true)
            let watchError = await #expect(throws: ZooKeeperError.self) { try await watch.event() }
            #expect(watchError?.code == .sessionExpired)
            await zk.close()

            // The renewing session replaced its expired client with a new session.
            let renewed: ZooKeeperClient? = try await withTimeout(.seconds(15), "a renewed session") {
                for await client in renewals where client !== firstRenewable { return client }
                return nil
            }
            #expect(renewed != nil && renewed === renewing.client)
            #expect(renewing.generation == 2)
            #expect(try await renewing.client.exists("/") != nil)
            var seen: [SessionState] = []
            while let next = await renewingStates.next() {
                seen.append(next)
                if seen.suffix(1) == [.connected] && seen.contains(.expired) { break }
            }
            #expect(seen.contains(.expired))
            #expect(seen.last == .connected)
            await renewing.close()
            #expect(renewing.client.state == .closed)

            // A new session is an explicit new client.
            let fresh = try await ZooKeeperClient.connect(.init(connectString: connect, connectTimeout: .seconds(10)))
            #expect(try await fresh.exists("/") != nil)
            await fresh.close()
            await observer.close()
        }
    }

    private func waitFor(_ zk: ZooKeeperClient, _ state: SessionState, within timeout: Duration) async throws {
        try await withTimeout(timeout, "session becoming \(state)") {
            for await current in zk.sessionStates where current == state { return }
        }
    }
}
