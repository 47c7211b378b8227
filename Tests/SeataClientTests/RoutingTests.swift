import SeataClient
import SeataProtocol
import Synchronization
import Testing

/// Requests about an xid go to the coordinator the xid names; others go round.
struct RoutingTests {
    static func commits(_ coordinator: TestCoordinator) -> [String] {
        coordinator.messages.compactMap { if case .globalCommit(let commit) = $0 { commit.xid } else { nil } }
    }

    @Test func requestsAboutAnXidGoToTheCoordinatorItNames() async throws {
        let a = try await TestCoordinator.start()
        let b = try await TestCoordinator.start()
        defer {
            Task {
                await a.stop()
                await b.stop()
            }
        }
        try await Clients.with([a, b], resources: [ResourceManagerTests.noop]) { client in
            for _ in 0..<3 {
                _ = try await client.commit(xid: "127.0.0.1:\(b.port):1")
                _ = try await client.commit(xid: "127.0.0.1:\(a.port):2")
            }
            _ = try await client.registerBranch(xid: "127.0.0.1:\(b.port):1", branchType: .tcc, resourceId: "stock")
        }
        #expect(Self.commits(a) == Array(repeating: "127.0.0.1:\(a.port):2", count: 3))
        #expect(Self.commits(b) == Array(repeating: "127.0.0.1:\(b.port):1", count: 3))
        #expect(b.messages.contains { if case .branchRegister = $0 { true } else { false } })
        #expect(!a.messages.contains { if case .branchRegister = $0 { true } else { false } })
    }

    @Test func anXidOfAnUnknownCoordinatorGoesToAConnectedOne() async throws {
        let a = try await TestCoordinator.start()
        defer { Task { await a.stop() } }
        try await Clients.with([a]) { client in
            let status = try await client.commit(xid: "10.9.9.9:8091:5")
            #expect(status == .committed)
            // A prefix that only looks alike is not the same coordinator.
            _ = try await client.commit(xid: "127.0.0.1:\(a.port)9:6")
        }
        #expect(Self.commits(a) == ["10.9.9.9:8091:5", "127.0.0.1:\(a.port)9:6"])
    }

    @Test func beginsGoToTheCoordinatorsInTurn() async throws {
        let a = try await TestCoordinator.start()
        let b = try await TestCoordinator.start()
        defer {
            Task {
                await a.stop()
                await b.stop()
            }
        }
        try await Clients.with([a, b]) { client in
            var owners: [Int: Int] = [:]
            for _ in 0..<10 {
                let xid = try await client.begin()
                let port = Int(xid.split(separator: ":")[1])!
                owners[port, default: 0] += 1
            }
            #expect(owners == [a.port: 5, b.port: 5])
        }
    }

    @Test func aConfiguredHostNameAlsoMatchesXidsWithItsAddress() async throws {
        let a = try await TestCoordinator.start()
        let b = try await TestCoordinator.start()
        defer {
            Task {
                await a.stop()
                await b.stop()
            }
        }
        // Configured as localhost; xids carry 127.0.0.1, as a coordinator writes its own address.
        let client = SeataClient(
            configuration: Clients.configuration(),
            discovery: StaticCoordinators([
                CoordinatorAddress(host: "localhost", port: a.port),
                CoordinatorAddress(host: "localhost", port: b.port),
            ]),
            logger: Clients.logger
        )
        try await client.start()
        for _ in 0..<4 {
            _ = try await client.commit(xid: "127.0.0.1:\(b.port):3")
        }
        await client.shutdown()
        #expect(Self.commits(b).count == 4)
        #expect(Self.commits(a).isEmpty)
    }
}

/// The client follows its discovery: connects to coordinators that appear, leaves those that go.
struct DiscoveryTests {
    /// A discovery whose list the test changes.
    final class ChangingCoordinators: CoordinatorDiscovery {
        let stream: AsyncStream<[CoordinatorAddress]>
        let continuation: AsyncStream<[CoordinatorAddress]>.Continuation

        init() {
            (stream, continuation) = AsyncStream.makeStream()
        }

        func coordinators() -> AsyncStream<[CoordinatorAddress]> { stream }
        var description: String { "test list" }
    }

    @Test func theClientFollowsCoordinatorsAsTheyComeAndGo() async throws {
        let a = try await TestCoordinator.start()
        let b = try await TestCoordinator.start()
        defer {
            Task {
                await a.stop()
                await b.stop()
            }
        }
        let discovery = ChangingCoordinators()
        let client = SeataClient(configuration: Clients.configuration(), discovery: discovery, logger: Clients.logger)
        discovery.continuation.yield([a.address])
        try await client.start()
        #expect(client.connectedCoordinators(.transactionManager) == [a.address])
        discovery.continuation.yield([a.address, b.address])
        try await waitUntil("B connected") { client.connectedCoordinators(.resourceManager).count == 2 }
        discovery.continuation.yield([b.address])
        try await waitUntil("A let go") { client.connectedCoordinators(.transactionManager) == [b.address] }
        // A's connections are closed, not only unused.
        try await waitUntil("A's connections closed") { a.openConnections == 0 }
        #expect(b.openConnections == 2)
        let xid = try await client.begin()
        #expect(xid.hasPrefix("127.0.0.1:\(b.port):"))
        await client.shutdown()
    }

    @Test func aGrouplistIsParsedWithSeatasSeparators() throws {
        let list = try StaticCoordinators(grouplist: " 10.0.0.1:8091; tc-2:8092 ,[::1]:8093;")
        #expect(
            list.addresses == [
                CoordinatorAddress(host: "10.0.0.1", port: 8091),
                CoordinatorAddress(host: "tc-2", port: 8092),
                CoordinatorAddress(host: "::1", port: 8093),
            ]
        )
        #expect(list.description == "grouplist 10.0.0.1:8091;tc-2:8092;[::1]:8093")
    }

    @Test(arguments: [
        "", ";", "10.0.0.1", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", ":8091", "a:b:8091", "[::1]8091",
    ])
    func aMalformedGrouplistIsAnErrorNamingTheEntry(grouplist: String) throws {
        let error = try #require(throws: SeataClientError.self) { try StaticCoordinators(grouplist: grouplist) }
        #expect(error.code == .invalidAddress)
        #expect(error.message.contains("host:port"))
    }

    @Test func aGroupResolvesThroughItsClusterAsSeatasFileRegistryDoes() throws {
        let properties = [
            "service.vgroupMapping.orders_tx_group": "east",
            "service.east.grouplist": "10.0.0.1:8091;10.0.0.2:8091",
            "service.default.grouplist": "127.0.0.1:8091",
        ]
        let list = try StaticCoordinators(properties: properties, transactionServiceGroup: "orders_tx_group")
        #expect(list.addresses.map(\.description) == ["10.0.0.1:8091", "10.0.0.2:8091"])

        let unmapped = try #require(throws: SeataClientError.self) {
            try StaticCoordinators(properties: properties, transactionServiceGroup: "billing")
        }
        #expect(unmapped.message.contains("service.vgroupMapping.billing is not set"))
        let unlisted = try #require(throws: SeataClientError.self) {
            try StaticCoordinators(
                properties: ["service.vgroupMapping.billing": "west"],
                transactionServiceGroup: "billing"
            )
        }
        #expect(unlisted.message.contains("service.west.grouplist is not set"))
    }
}
