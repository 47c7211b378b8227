#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOPosix
import SeataProtocol

/// What every connection of a client shares.
struct ConnectionEnvironment: Sendable {
    let configuration: SeataClientConfiguration
    let group: any EventLoopGroup
    let ids: RequestIDs
    let router: Router
    let resources: ResourceTable
    let dispatcher: PhaseTwoDispatcher
    let logger: Logger
}

/// One role's connection to one coordinator, kept up until its task is cancelled: connect
/// (TCP_NODELAY), register (RegisterTM or RegisterRM), serve requests, and when the connection is
/// lost or an attempt fails, wait (doubling from the minimum to the maximum reconnect delay) and
/// start again, registering again.
struct CoordinatorConnection: Sendable {
    let address: CoordinatorAddress
    let role: SeataClientRole
    let environment: ConnectionEnvironment

    private var configuration: SeataClientConfiguration { environment.configuration }

    /// Runs until cancelled.
    func run() async {
        var logger = environment.logger
        logger[metadataKey: "coordinator"] = "\(address)"
        logger[metadataKey: "role"] = "\(role)"
        var delay = configuration.minimumReconnectDelay
        var failures = 0
        var everRegistered = false
        while !Task.isCancelled {
            do {
                let channel = try await connect(logger: logger)
                let registered: Int
                do {
                    registered = try await register(on: channel, resourceIds: nil)
                } catch {
                    channel.channel.close(promise: nil)
                    throw error
                }
                environment.router.attach(channel, to: address)
                logger.info(everRegistered ? "reconnected and registered again" : "connected and registered")
                everRegistered = true
                failures = 0
                delay = configuration.minimumReconnectDelay
                await catchUpResources(on: channel, registered: registered, logger: logger)
                await withTaskCancellationHandler {
                    try? await channel.channel.closeFuture.get()
                } onCancel: {
                    channel.channel.close(promise: nil)
                }
                environment.router.detach(channel, from: address)
                if Task.isCancelled { break }
                logger.warning("connection lost; reconnecting")
            } catch {
                failures += 1
                let description = Self.describe(error)
                environment.router.recordFailure(description, address: address, role: role)
                // The first failure in a row is news; the rest are the same news, at debug level.
                let level: Logger.Level = failures == 1 ? .warning : .debug
                logger.log(
                    level: level,
                    "cannot connect and register (attempt \(failures), next in \(delay.formatted)): \(description)"
                )
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                break
            }
            delay = min(delay * 2, configuration.maximumReconnectDelay)
        }
    }

    private func connect(logger: Logger) async throws -> CoordinatorChannel {
        let environment = environment
        let address = address
        let role = role
        let timing = ConnectionHandler.Timing(configuration)
        let merges = configuration.mergedRequests.contains(role.member)
        return try await ClientBootstrap(group: environment.group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(configuration.connectTimeout.timeAmount)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let dispatcher = environment.dispatcher
                    let handler = ConnectionHandler(
                        coordinator: address,
                        role: role,
                        timing: timing,
                        ids: environment.ids,
                        logger: logger,
                        inbound: { frame, channel in dispatcher.handle(frame, from: channel) }
                    )
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SeataFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                    return CoordinatorChannel(
                        coordinator: address,
                        address: address.description,
                        role: role,
                        channel: channel,
                        handler: NIOLoopBound(handler, eventLoop: channel.eventLoop),
                        ids: environment.ids,
                        merges: merges
                    )
                }
            }
    }

    /// Sends RegisterTM, or RegisterRM with `resourceIds` (every resource when nil); returns the
    /// resource generation registered.
    @discardableResult
    func register(on channel: CoordinatorChannel, resourceIds: String?) async throws -> Int {
        let message: SeataMessage
        var generation = 0
        switch role {
        case .transactionManager:
            message = .registerTM(
                RegisterTMRequest(
                    version: configuration.version,
                    applicationId: configuration.applicationId,
                    transactionServiceGroup: configuration.transactionServiceGroup,
                    extraData: configuration.registrationExtraData
                )
            )
        case .resourceManager:
            let registration = environment.resources.registration
            generation = registration.generation
            message = .registerRM(
                RegisterRMRequest(
                    version: configuration.version,
                    applicationId: configuration.applicationId,
                    transactionServiceGroup: configuration.transactionServiceGroup,
                    extraData: configuration.registrationExtraData,
                    resourceIds: resourceIds ?? registration.resourceIds
                )
            )
        }
        let frame = try await channel.request(message, timeout: configuration.connectTimeout.timeAmount)
        let answer = try ResponseCheck.decode(frame, request: message.typeCode, coordinator: channel.address)
        let response: RegistrationResponse
        switch answer {
        case .registerTMResponse(let registration) where role == .transactionManager: response = registration
        case .registerRMResponse(let registration) where role == .resourceManager: response = registration
        default: throw ResponseCheck.unexpected(answer, request: message.typeCode, coordinator: channel.address)
        }
        guard response.identified else {
            throw SeataClientError(
                .registrationRefused,
                message: "the coordinator (version '\(response.version)') did not accept application "
                    + "'\(configuration.applicationId)' in group '\(configuration.transactionServiceGroup)': "
                    + "check the group and the coordinator's authentication settings",
                request: message.typeCode,
                coordinator: channel.address
            )
        }
        return generation
    }

    /// Registers again when resources were added while this connection registered an older set.
    private func catchUpResources(on channel: CoordinatorChannel, registered: Int, logger: Logger) async {
        guard role == .resourceManager else { return }
        var registered = registered
        while environment.resources.generation != registered {
            do {
                registered = try await register(on: channel, resourceIds: nil)
            } catch {
                logger.warning("registering added resources failed: \(error)")
                return
            }
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? SeataClientError { return error.description }
        if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
            return "connect timed out after \(ConnectionHandler.text(amount))"
        }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let dns = error.dnsAAAAError ?? error.dnsAError { return "cannot resolve \(error.host): \(dns)" }
            return "cannot resolve \(error.host)"
        }
        if let error = error as? IOError {
            // "connection refused", not NIO's "connection reset (error set): Connection refused (errno: 111)".
            let text = String(cString: strerror(error.errnoCode))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
        return "\(error)"
    }
}
