import SeataClient
import SeataProtocol
import Testing

/// The RM operations and registration.
struct ResourceManagerTests {
    static let noop = ResourceHandler.tcc(resourceId: "stock", confirm: { _ in }, cancel: { _ in })

    @Test func registrationsCarryTheIdentityAndEveryResource() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let payment = ResourceHandler.tcc(resourceId: "payment", confirm: { _ in }, cancel: { _ in })
        var configuration = Clients.configuration()
        configuration.version = "2.3.0"
        configuration.registrationExtraData = "vgroup=test-group"
        try await Clients.with([coordinator], resources: [Self.noop, payment], configuration: configuration) { _ in }
        let registrations = coordinator.messages.filter { $0.isRegisterTM || $0.isRegisterRM }
        #expect(registrations.count == 2)
        #expect(
            registrations.contains(
                .registerTM(
                    RegisterTMRequest(
                        version: "2.3.0",
                        applicationId: "test-app",
                        transactionServiceGroup: "test-group",
                        extraData: "vgroup=test-group"
                    )
                )
            )
        )
        #expect(
            registrations.contains(
                .registerRM(
                    RegisterRMRequest(
                        version: "2.3.0",
                        applicationId: "test-app",
                        transactionServiceGroup: "test-group",
                        extraData: "vgroup=test-group",
                        resourceIds: "stock,payment"
                    )
                )
            )
        )
        // The TM and the RM use connections of their own, as Seata's Java client does.
        let peers = Set(
            coordinator.received.filter { $0.message.isRegisterTM || $0.message.isRegisterRM }.map(\.peer.id)
        )
        #expect(peers.count == 2)
    }

    @Test func aClientOfOneRoleOpensOneConnection() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        var configuration = Clients.configuration()
        configuration.roles = .transactionManager
        try await Clients.with([coordinator], configuration: configuration) { client in
            #expect(client.connectedCoordinators(.transactionManager) == [coordinator.address])
            #expect(client.connectedCoordinators(.resourceManager).isEmpty)
            let error = try await #require(throws: SeataClientError.self) {
                try await client.registerBranch(xid: "127.0.0.1:1:1", branchType: .tcc, resourceId: "stock")
            }
            #expect(error.code == .notConnected)
        }
        #expect(coordinator.messages.filter { $0.isRegisterTM || $0.isRegisterRM }.count == 1)
    }

    @Test func registerBranchSendsItsFieldsOnTheRMConnectionAndReturnsTheBranchId() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .branchRegister = received.message else { return .standard }
            return .answer(.branchRegisterResponse(BranchRegisterResponse(result: .success, branchId: 9_000_000_001)))
        }
        let xid = "127.0.0.1:\(coordinator.port):42"
        try await Clients.with([coordinator], resources: [Self.noop]) { client in
            let branchId = try await client.registerBranch(
                xid: xid,
                branchType: .at,
                resourceId: "jdbc:mysql://db/stock",
                lockKey: "stock:1,2;orders:7",
                applicationData: #"{"autoCommit":true}"#
            )
            #expect(branchId == 9_000_000_001)
        }
        let register = try #require(
            coordinator.received.first { if case .branchRegister = $0.message { true } else { false } }
        )
        #expect(
            register.message
                == .branchRegister(
                    BranchRegisterRequest(
                        xid: xid,
                        branchType: .at,
                        resourceId: "jdbc:mysql://db/stock",
                        lockKey: "stock:1,2;orders:7",
                        applicationData: #"{"autoCommit":true}"#
                    )
                )
        )
        let rmPeer = try #require(coordinator.received.first { $0.message.isRegisterRM }?.peer.id)
        #expect(register.peer.id == rmPeer)
    }

    @Test func aLockConflictIsAnErrorWithItsCode() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .branchRegister = received.message else { return .standard }
            return .answer(
                .branchRegisterResponse(
                    BranchRegisterResponse(
                        result: .failure(.lockKeyConflict, message: "stock:1 is locked by 127.0.0.1:8091:3"),
                        branchId: 0
                    )
                )
            )
        }
        try await Clients.with([coordinator], resources: [Self.noop]) { client in
            let error = try await #require(throws: SeataClientError.self) {
                try await client.registerBranch(
                    xid: "127.0.0.1:\(coordinator.port):4",
                    branchType: .at,
                    resourceId: "stock",
                    lockKey: "stock:1"
                )
            }
            #expect(error.code == .requestFailed)
            #expect(error.exceptionCode == .lockKeyConflict)
            #expect(error.message == "stock:1 is locked by 127.0.0.1:8091:3")
        }
    }

    @Test func reportBranchAndLockQuerySendTheirFields() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .globalLockQuery = received.message else { return .standard }
            return .answer(.globalLockQueryResponse(GlobalLockQueryResponse(result: .success, lockable: false)))
        }
        let xid = "127.0.0.1:\(coordinator.port):8"
        try await Clients.with([coordinator], resources: [Self.noop]) { client in
            try await client.reportBranch(xid: xid, branchId: 81, status: .phaseOneFailed, branchType: .tcc)
            let lockable = try await client.lockQuery(xid: xid, resourceId: "stock", lockKey: "stock:1")
            #expect(!lockable)
        }
        let sent = coordinator.messages.filter {
            switch $0 {
            case .branchReport, .globalLockQuery: true
            default: false
            }
        }
        #expect(
            sent == [
                .branchReport(
                    BranchReportRequest(
                        xid: xid,
                        branchId: 81,
                        status: .phaseOneFailed,
                        resourceId: "",
                        applicationData: "",
                        branchType: .tcc
                    )
                ),
                .globalLockQuery(
                    GlobalLockQueryRequest(
                        xid: xid,
                        branchType: .at,
                        resourceId: "stock",
                        lockKey: "stock:1",
                        applicationData: ""
                    )
                ),
            ]
        )
    }

    @Test func anAddedResourceIsRegisteredAtOnceAndAfterAReconnect() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [Self.noop]) { client in
            try await client.addResource(.tcc(resourceId: "payment", confirm: { _ in }, cancel: { _ in }))
            try await coordinator.waitFor("RegisterRM of payment") { received in
                received.contains {
                    if case .registerRM(let rm) = $0.message { rm.resourceIds == "payment" } else { false }
                }
            }
            await coordinator.dropConnections()
            try await coordinator.waitFor("RegisterRM of both after the reconnect") { received in
                received.contains {
                    if case .registerRM(let rm) = $0.message { rm.resourceIds == "stock,payment" } else { false }
                }
            }
        }
    }

    @Test func aRefusedRegistrationFailsStartWithTheReason() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.identify(false)
        try await Clients.with([coordinator], start: false) { client in
            let error = try await #require(throws: SeataClientError.self) {
                // The refusal comes at once; the bound only has to outlast a loaded machine.
                try await client.start(timeout: .seconds(30))
            }
            #expect(error.code == .notConnected)
            #expect(error.message.contains("did not accept application 'test-app' in group 'test-group'"))
        }
    }
}
