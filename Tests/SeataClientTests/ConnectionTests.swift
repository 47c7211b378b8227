import SeataClient
import SeataProtocol
import Testing

/// Timeouts, failing fast, heartbeats, reconnects and re-registration, shutdown.
struct ConnectionTests {
    /// The TM request timeout of the timeout tests: the request after the one left unanswered
    /// must get its answer within it even when every suite runs at once on two cores.
    static let timeout: Duration = .seconds(2)

    static func isBegin(_ received: TestCoordinator.Received) -> Bool {
        if case .globalBegin = received.message { true } else { false }
    }

    @Test func aRequestWithoutAnswerTimesOut() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { Self.isBegin($0) ? .silence : .standard }
        var configuration = Clients.configuration()
        // Long enough that the answered request after it never times out on a loaded machine.
        configuration.tmRequestTimeout = Self.timeout
        try await Clients.with([coordinator], configuration: configuration) { client in
            let started = ContinuousClock.now
            let error = try await #require(throws: SeataClientError.self) { try await client.begin() }
            #expect(error.code == .timedOut)
            #expect(error.request == .globalBegin)
            #expect(ContinuousClock.now - started >= Self.timeout)
            // The connection stays usable.
            coordinator.script { _ in .standard }
            _ = try await client.begin()
        }
    }

    @Test func anAnswerAfterTheTimeoutIsDropped() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { Self.isBegin($0) ? .silence : .standard }
        var configuration = Clients.configuration()
        configuration.tmRequestTimeout = Self.timeout
        try await Clients.with([coordinator], configuration: configuration) { client in
            await #expect(throws: SeataClientError.self) { try await client.begin(name: "late") }
            let late = try #require(coordinator.received.last(where: Self.isBegin))
            coordinator.respond(
                to: late,
                with: .globalBeginResponse(GlobalBeginResponse(result: .success, xid: "127.0.0.1:1:late"))
            )
            coordinator.script { _ in .standard }
            let xid = try await client.begin(name: "next")
            #expect(xid != "127.0.0.1:1:late")
        }
    }

    @Test func requestsFailAtOnceWhileNoCoordinatorIsReachable() async throws {
        let coordinator = try await TestCoordinator.start()
        let port = coordinator.port
        await coordinator.stop()
        let unreachable = try StaticCoordinators(grouplist: "127.0.0.1:\(port)")
        let client = SeataClient(
            configuration: Clients.configuration(),
            discovery: unreachable,
            logger: Clients.logger
        )
        let error = try await #require(throws: SeataClientError.self) {
            try await client.start(timeout: .milliseconds(300))
        }
        #expect(error.code == .notConnected)
        #expect(error.message.contains("127.0.0.1:\(port)"))
        let started = ContinuousClock.now
        let beginError = try await #require(throws: SeataClientError.self) { try await client.begin() }
        #expect(beginError.code == .notConnected)
        #expect(ContinuousClock.now - started < .seconds(1))
        await client.shutdown()
    }

    @Test func anIdleConnectionSendsHeartbeats() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        var configuration = Clients.configuration()
        configuration.heartbeatInterval = .milliseconds(100)
        _ = try await Clients.with([coordinator], configuration: configuration) { _ in
            // Both connections ping, each more than once.
            try await coordinator.waitFor("two pings on each connection") { received in
                let pings = received.filter { $0.frame.messageType == .heartbeatRequest }
                let perPeer = Dictionary(grouping: pings, by: \.peer.id)
                return perPeer.count == 2 && perPeer.values.allSatisfy { $0.count >= 2 }
            }
        }
    }

    @Test func aBusyConnectionDoesNotPing() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        var configuration = Clients.configuration()
        configuration.heartbeatInterval = .milliseconds(1500)
        configuration.roles = .transactionManager
        var longestGap = Duration.zero
        var pingsWhileBusy = 0
        let pings = { coordinator.received.count { $0.frame.messageType == .heartbeatRequest } }
        try await Clients.with([coordinator], configuration: configuration) { client in
            // Counted from the first answer (a ping sent before it, after a stall between the
            // registration and this loop, reached the coordinator before that request) to the
            // loop's end (a stall while the client closes may rightly ping).
            _ = try await client.status(xid: "127.0.0.1:1:1")
            let before = pings()
            let until = ContinuousClock.now + .milliseconds(3000)
            var last = ContinuousClock.now
            while ContinuousClock.now < until {
                _ = try await client.status(xid: "127.0.0.1:1:1")
                longestGap = max(longestGap, ContinuousClock.now - last)
                last = ContinuousClock.now
                try await Task.sleep(for: .milliseconds(20))
            }
            pingsWhileBusy = pings() - before
        }
        // A machine stalled for a whole interval leaves the connection idle: then a ping is right.
        // Checked only when no gap came near the interval (the idle clock and this loop's clock
        // are read at different moments on a loaded machine).
        if longestGap < .milliseconds(750) {
            #expect(pingsWhileBusy == 0)
        }
    }

    @Test func unansweredHeartbeatsCloseTheConnectionAndTheClientReconnects() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.answerPings(false)
        var configuration = Clients.configuration()
        // The idle bound also runs while RegisterTM waits for its answer: on a loaded CI box
        // 400 ms closed every connection before it registered.
        configuration.heartbeatInterval = .milliseconds(250)
        configuration.readIdleTimeout = .milliseconds(1500)
        configuration.roles = .transactionManager
        _ = try await Clients.with([coordinator], configuration: configuration) { _ in
            try await coordinator.waitFor("a second RegisterTM") { received in
                received.filter { $0.message.isRegisterTM }.count >= 2
            }
        }
    }

    @Test func aLostConnectionFailsWaitingRequestsThenReconnectsAndRegistersAgain() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { Self.isBegin($0) ? .silence : .standard }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop]) { client in
            let waiting = Task { try await client.begin() }
            try await coordinator.waitFor("a begin") { $0.contains(where: Self.isBegin) }
            await coordinator.dropConnections()
            await #expect {
                _ = try await waiting.value
            } throws: { error in
                (error as? SeataClientError)?.code == .connectionClosed
            }
            let received = try await coordinator.waitFor("registration again on new connections") { received in
                received.filter(\.message.isRegisterTM).count == 2 && received.filter(\.message.isRegisterRM).count == 2
            }
            let second = received.last { $0.message.isRegisterRM }
            guard case .registerRM(let rm) = second?.message else { return }
            #expect(rm.resourceIds == "stock")
            coordinator.script { _ in .standard }
            // Requests work again once the TM is registered.
            try await waitUntilConnected(client)
            _ = try await client.begin()
        }
    }

    @Test func aCoordinatorThatComesBackIsReconnectedTo() async throws {
        let first = try await TestCoordinator.start()
        let port = first.port
        try await Clients.with([first]) { client in
            await first.stop()
            try await waitUntil("the client notices") { client.connectedCoordinators(.transactionManager).isEmpty }
            let error = try await #require(throws: SeataClientError.self) { try await client.begin() }
            #expect(error.code == .notConnected)
            let again = try await TestCoordinator.start(port: port)
            defer { Task { await again.stop() } }
            try await again.waitFor("RegisterTM and RegisterRM") { received in
                received.contains(where: \.message.isRegisterTM) && received.contains(where: \.message.isRegisterRM)
            }
            try await waitUntilConnected(client)
            _ = try await client.begin()
        }
    }

    @Test func afterShutdownRequestsFailAsShutDown() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let client = SeataClient(
            configuration: Clients.configuration(),
            discovery: StaticCoordinators([coordinator.address]),
            logger: Clients.logger
        )
        try await client.start()
        await client.shutdown()
        let error = try await #require(throws: SeataClientError.self) { try await client.begin() }
        #expect(error.code == .shutDown)
        await #expect(throws: SeataClientError.self) { try await client.start() }
    }

    private func waitUntilConnected(_ client: SeataClient) async throws {
        try await waitUntil("TM and RM connected") {
            !client.connectedCoordinators(.transactionManager).isEmpty
                && !client.connectedCoordinators(.resourceManager).isEmpty
        }
    }
}

/// Polls `condition` every 10 ms, failing after `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("\(what) did not happen within \(timeout)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}
