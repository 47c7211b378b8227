public import Logging
public import NIOCore
import NIOPosix
import SeataProtocol
import Synchronization

/// A client of Seata coordinators (TCs), speaking Seata's RPC protocol v1 with the `seata` codec:
/// the transaction manager (TM) and resource manager (RM) roles of Seata's Java client.
///
/// The client keeps, for each coordinator its ``CoordinatorDiscovery`` names, a TM connection and an
/// RM connection (as configured by ``SeataClientConfiguration/roles``), registered with RegisterTM
/// and RegisterRM, pinged every ``SeataClientConfiguration/heartbeatInterval`` when idle, and made
/// again with a bounded backoff when lost. A request about an xid goes to the coordinator the xid
/// names; begin goes to the connected coordinators in turn. While no connection of the role is
/// registered, requests fail at once with ``SeataClientError/Code/notConnected``; every request
/// waits at most its role's timeout.
///
/// ```swift
/// let client = SeataClient(
///     configuration: SeataClientConfiguration(applicationId: "orders", transactionServiceGroup: "default_tx_group"),
///     discovery: try StaticCoordinators(grouplist: "127.0.0.1:8091"),
///     resources: [.tcc(resourceId: "reserve-stock", confirm: { _ in … }, cancel: { _ in … })]
/// )
/// try await client.start()
/// try await client.withGlobalTransaction(name: "place-order") { transaction in
///     try await transaction.tcc(resourceId: "reserve-stock") { _ in … }
/// }
/// await client.shutdown()
/// ```
///
/// The TM operations are in `SeataClient+TransactionManager.swift`, the RM ones in
/// `SeataClient+ResourceManager.swift`, the transaction scope in `GlobalTransaction.swift`.
/// Requests are not cancellable: each ends with its answer, its timeout or its connection.
public final class SeataClient: Sendable {
    /// The client's identity and timings.
    public let configuration: SeataClientConfiguration
    /// Where the client learns of coordinators.
    public let discovery: any CoordinatorDiscovery

    let logger: Logger
    let router = Router()
    let resources: ResourceTable
    let environment: ConnectionEnvironment
    private let lifecycle = Mutex(Lifecycle.idle)
    private let connections = Mutex([CoordinatorAddress: [Task<Void, Never>]]())

    private enum Lifecycle {
        case idle
        case running(Task<Void, Never>)
        case shutDown
    }

    /// Makes a client; ``start(timeout:)`` connects it.
    ///
    /// - Parameters:
    ///   - configuration: identity, roles and timings.
    ///   - discovery: the coordinators (``StaticCoordinators`` for a grouplist).
    ///   - resources: the RM's resources and their phase-two handlers, registered with RegisterRM.
    ///   - undoLogDelete: what to do with the coordinator's UndoLogDelete (AT); ignored when nil.
    ///   - eventLoopGroup: where the connections run (nil: NIO's shared
    ///     `MultiThreadedEventLoopGroup.singleton`); it must outlive the client.
    ///   - logger: where the client logs connections, reconnects and failed phase-two handlers.
    public init(
        configuration: SeataClientConfiguration,
        discovery: any CoordinatorDiscovery,
        resources: [ResourceHandler] = [],
        undoLogDelete: UndoLogDeleteHandler? = nil,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "seata-client")
    ) {
        self.configuration = configuration
        self.discovery = discovery
        self.logger = logger
        let resources = ResourceTable(resources)
        self.resources = resources
        environment = ConnectionEnvironment(
            configuration: configuration,
            group: eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton,
            ids: RequestIDs(),
            router: router,
            resources: resources,
            dispatcher: PhaseTwoDispatcher(resources: resources, undoLogDelete: undoLogDelete, logger: logger),
            logger: logger
        )
    }

    // MARK: Lifecycle

    /// Starts connecting to every coordinator and waits until each role has a registered
    /// connection and every known coordinator has been tried once.
    ///
    /// Calling it again waits again. When it throws, the client goes on connecting in the
    /// background; call ``shutdown()`` in any case.
    ///
    /// - Parameter timeout: how long to wait.
    /// - Throws: ``SeataClientError/Code/notConnected`` with each coordinator's last failure (for
    ///   example `connection refused`), ``SeataClientError/Code/shutDown`` after ``shutdown()``.
    public func start(timeout: Duration = .seconds(10)) async throws {
        let started: Bool = try lifecycle.withLock { state in
            switch state {
            case .idle:
                state = .running(Task { await self.follow(self.discovery) })
                return true
            case .running:
                return false
            case .shutDown:
                throw SeataClientError(.shutDown, message: "the client was shut down; make a new one")
            }
        }
        if started { logger.debug("connecting to the coordinators of \(discovery.description)") }
        let roles = configuration.roles.members
        let deadline = ContinuousClock.now + timeout
        while !router.isReady(for: roles) {
            guard ContinuousClock.now < deadline else {
                if router.hasConnection(for: roles) { return }
                let missing = roles.first { !router.hasConnection(for: [$0]) } ?? .transactionManager
                var error = router.notConnectedError(role: missing, request: nil)
                error.message = "not registered within \(timeout.formatted): " + error.message
                throw error
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Closes every connection and stops reconnecting; waiting requests fail with
    /// ``SeataClientError/Code/connectionClosed``, later ones with ``SeataClientError/Code/shutDown``.
    public func shutdown() async {
        let supervisor: Task<Void, Never>? = lifecycle.withLock { state in
            defer { state = .shutDown }
            if case .running(let task) = state { return task }
            return nil
        }
        router.shutDown()
        supervisor?.cancel()
        await supervisor?.value
        let tasks = connections.withLock { connections in
            defer { connections = [:] }
            return connections.values.flatMap { $0 }
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// The coordinators with a registered connection of `role`, for status pages and tests.
    public func connectedCoordinators(_ role: SeataClientRole) -> [CoordinatorAddress] {
        router.connected(for: role)
    }

    private func follow(_ discovery: any CoordinatorDiscovery) async {
        for await addresses in discovery.coordinators() {
            let (added, removed) = router.setCoordinators(addresses)
            let stopped: [Task<Void, Never>] = connections.withLock { connections in
                var stopped: [Task<Void, Never>] = []
                for address in removed {
                    stopped += connections.removeValue(forKey: address) ?? []
                }
                for address in added {
                    connections[address] = configuration.roles.members.map { role in
                        let connection = CoordinatorConnection(address: address, role: role, environment: environment)
                        return Task { await connection.run() }
                    }
                }
                return stopped
            }
            if !added.isEmpty { logger.info("coordinators added: \(added.map(\.description).joined(separator: ", "))") }
            if !removed.isEmpty {
                logger.info("coordinators removed: \(removed.map(\.description).joined(separator: ", "))")
            }
            for task in stopped { task.cancel() }
        }
    }

    // MARK: Requests

    /// Sends a request of `role` to the coordinator for `xid` and returns what `read` reads from
    /// its checked response.
    func call<Value>(
        _ message: SeataMessage,
        role: SeataClientRole,
        xid: String?,
        _ read: (SeataMessage) -> Value?
    ) async throws -> Value {
        let request = message.typeCode
        let channel = try router.channel(for: role, xid: xid, request: request)
        let answer = try await channel.request(
            message,
            timeout: configuration.requestTimeout(role).timeAmount,
            mergeable: true
        )
        let response = try ResponseCheck.decode(answer, request: request, coordinator: channel.address)
        guard let value = read(response) else {
            throw ResponseCheck.unexpected(response, request: request, coordinator: channel.address)
        }
        return value
    }
}
