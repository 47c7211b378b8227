import EventLoopExecutor
import Logging
import NIOCore
import SeataProtocol

/// The per-connection handler on the transaction port: heartbeats, registration, requests
/// handed to the dispatcher, answers to the coordinator's own calls, and the refusal of anything
/// a client should not send.
///
/// A client never takes the server down: a malformed frame, an unknown codec, a request before
/// registering or a silent connection closes that connection only, with one log line naming the
/// peer and the reason, and a count in `coordinator_transport_refusals_total`.
final class RpcChannelHandler: ChannelInboundHandler {
    typealias InboundIn = SeataFrame

    private let context: TransportContext
    private var connection: ClientConnection?
    /// Where this connection's requests run: its event loop (see `EventLoopTaskExecutor`).
    private var executor: EventLoopTaskExecutor?

    init(context: TransportContext) {
        self.context = context
    }

    func channelActive(context channelContext: ChannelHandlerContext) {
        let connection = ClientConnection(channel: channelContext.channel)
        self.connection = connection
        executor = EventLoopTaskExecutor(channelContext.eventLoop)
        context.registry.opened(connection)
        context.metrics.connectionsChanged(context.registry.counts)
        channelContext.fireChannelActive()
    }

    func channelInactive(context channelContext: ChannelHandlerContext) {
        if let connection {
            connection.closeCalls()
            context.registry.closed(connection)
            context.metrics.connectionsChanged(context.registry.counts)
            context.logger.debug("Client disconnected", metadata: ["peer": "\(connection.peer)"])
        }
        channelContext.fireChannelInactive()
    }

    func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
        guard let connection else { return }
        let frame = unwrapInboundIn(data)
        switch frame.messageType {
        case .heartbeatRequest:
            connection.answer(frame, with: .heartbeat(.pong))
            return
        case .heartbeatResponse:
            return
        case .request, .oneWay, .response:
            break
        }
        let message: SeataMessage
        do {
            message = try frame.message()
        } catch {
            refuse(connection, reason: error.reason.label, "\(error)")
            return
        }
        if frame.messageType == .response {
            if !connection.complete(frame.requestID, with: message) {
                context.logger.debug(
                    "Answer to no waiting call (it timed out)",
                    metadata: [
                        "peer": "\(connection.peer)", "requestId": "\(frame.requestID)", "type": "\(message.typeCode)",
                    ]
                )
            }
            return
        }
        switch message {
        case .registerTM(let request):
            register(tm: request, frame: frame, on: connection)
        case .registerRM(let request):
            register(rm: request, frame: frame, on: connection)
        default:
            guard let identity = connection.identity else {
                refuse(
                    connection,
                    reason: "not_registered",
                    "\(message.typeCode) before RegisterTM or RegisterRM; a client must register first"
                )
                return
            }
            let dispatcher = context.dispatcher
            let logger = context.logger
            let inFlight = context.inFlight
            inFlight.started()
            Task(executorPreference: executor) {
                defer { inFlight.finished() }
                guard let response = await dispatcher.answer(message, from: identity) else {
                    logger.warning(
                        "Closing a client connection: \(message.typeCode) is not a request a coordinator answers",
                        metadata: ["peer": "\(connection.peer)"]
                    )
                    connection.close()
                    return
                }
                connection.answer(frame, with: response)
            }
        }
    }

    func userInboundEventTriggered(context channelContext: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, let connection {
            context.logger.info(
                "Closing a client connection silent for \(context.settings().readIdleTimeout) (no heartbeat)",
                metadata: ["peer": "\(connection.peer)"]
            )
            context.metrics.refused(reason: "idle")
            channelContext.close(promise: nil)
            return
        }
        channelContext.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context channelContext: ChannelHandlerContext, error: any Error) {
        let peer = connection?.peer ?? "unknown"
        if let protocolError = error as? SeataProtocolError {
            context.metrics.refused(reason: protocolError.reason.label)
            context.logger.warning("Closing a client connection: \(protocolError)", metadata: ["peer": "\(peer)"])
        } else if let decoderError = error as? ByteToMessageDecoderError,
            case .leftoverDataWhenDone = decoderError
        {
            context.metrics.refused(reason: "truncated_frame")
            context.logger.warning(
                "Closing a client connection: it closed in the middle of a frame",
                metadata: ["peer": "\(peer)"]
            )
        } else if error is IOError || error is ChannelError {
            context.logger.debug("Client connection failed: \(error)", metadata: ["peer": "\(peer)"])
        } else {
            context.metrics.refused(reason: "other")
            context.logger.warning("Closing a client connection: \(error)", metadata: ["peer": "\(peer)"])
        }
        channelContext.close(promise: nil)
    }

    private func register(tm request: RegisterTMRequest, frame: SeataFrame, on connection: ClientConnection) {
        guard let identity = identity(.tm, request.version, request.applicationId, request.transactionServiceGroup)
        else {
            refuseRegistration(frame, on: connection, what: "RegisterTM")
            return
        }
        connection.register(tm: identity)
        connection.answer(frame, with: .registerTMResponse(Self.identified))
        context.metrics.connectionsChanged(context.registry.counts)
        context.logger.info(
            "TM registered",
            metadata: [
                "peer": "\(connection.peer)", "applicationId": "\(identity.applicationId)",
                "transactionServiceGroup": "\(identity.transactionServiceGroup)", "version": "\(identity.version)",
            ]
        )
    }

    private func register(rm request: RegisterRMRequest, frame: SeataFrame, on connection: ClientConnection) {
        guard let identity = identity(.rm, request.version, request.applicationId, request.transactionServiceGroup)
        else {
            refuseRegistration(frame, on: connection, what: "RegisterRM")
            return
        }
        connection.register(rm: identity, resources: request.resources)
        context.registry.indexResources(of: connection)
        connection.answer(frame, with: .registerRMResponse(Self.identified))
        context.metrics.connectionsChanged(context.registry.counts)
        context.logger.info(
            "RM registered",
            metadata: [
                "peer": "\(connection.peer)", "applicationId": "\(identity.applicationId)",
                "transactionServiceGroup": "\(identity.transactionServiceGroup)", "version": "\(identity.version)",
                "resourceIds": "\(request.resourceIds)",
            ]
        )
    }

    private static let identified = RegistrationResponse(identified: true, version: SeataVersion.server.text)

    private func identity(_ role: ClientIdentity.Role, _ version: String, _ application: String, _ group: String)
        -> ClientIdentity?
    {
        guard let connection, !application.isEmpty else { return nil }
        return ClientIdentity(
            role: role,
            applicationId: application,
            transactionServiceGroup: group,
            version: SeataVersion(version),
            peer: connection.peer
        )
    }

    /// Answers "not identified" (so the client logs why) and closes.
    private func refuseRegistration(_ frame: SeataFrame, on connection: ClientConnection, what: String) {
        let refusal = RegistrationResponse(identified: false, version: SeataVersion.server.text)
        connection.answer(
            frame,
            with: what == "RegisterTM" ? .registerTMResponse(refusal) : .registerRMResponse(refusal)
        )
        refuse(connection, reason: "registration_refused", "\(what) without an applicationId")
    }

    private func refuse(_ connection: ClientConnection, reason: String, _ explanation: String) {
        context.metrics.refused(reason: reason)
        context.logger.warning("Closing a client connection: \(explanation)", metadata: ["peer": "\(connection.peer)"])
        connection.close()
    }
}
