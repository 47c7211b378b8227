import Logging
import NIOCore
import SeataProtocol

/// A waiting request's continuation: resumed exactly once, with its answer or an error.
typealias ResponseContinuation = UnsafeContinuation<Answer, any Error>

/// The client end of one connection to a coordinator, on the connection's event loop.
///
/// It keeps the requests waiting for an answer by request id and resumes each when its response
/// arrives, when it times out, or when the connection closes. A tick (every 100 ms at most) expires
/// requests past their deadline, sends a heartbeat ping after `heartbeatInterval` without writing,
/// and closes the connection after `readIdleTimeout` without reading (the coordinator answers every
/// ping). Reads and writes only set flags; the clock is read once per tick, not per frame.
/// Requests from the coordinator (BranchCommit, BranchRollback, UndoLogDelete) go to `inbound`.
/// Requests sent merged wait in a ``MergeBasket`` until the end of the loop's current batch of work.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = SeataFrame
    typealias OutboundOut = ByteBuffer

    /// The timings of a connection.
    struct Timing: Sendable {
        var heartbeatInterval: TimeAmount
        var readIdleTimeout: TimeAmount
        /// How often the tick runs: the precision of timeouts and heartbeats.
        var tick: TimeAmount

        init(_ configuration: SeataClientConfiguration) {
            heartbeatInterval = configuration.heartbeatInterval.timeAmount
            readIdleTimeout = configuration.readIdleTimeout.timeAmount
            let shortest = min(
                configuration.tmRequestTimeout.timeAmount,
                configuration.rmRequestTimeout.timeAmount,
                configuration.connectTimeout.timeAmount,
                heartbeatInterval,
                readIdleTimeout
            )
            tick = max(.milliseconds(1), min(.milliseconds(100), .nanoseconds(shortest.nanoseconds / 4)))
        }
    }

    private struct Waiting {
        var continuation: ResponseContinuation
        var deadline: NIODeadline
        var request: MessageTypeCode
    }

    private let address: CoordinatorAddress
    private let coordinator: String
    private let role: SeataClientRole
    private let timing: Timing
    private let ids: RequestIDs
    private let inbound: @Sendable (SeataFrame, CoordinatorChannel) -> Void
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var waiting: [UInt32: Waiting] = [:]
    private var basket = MergeBasket()
    private var closed = false
    private var ticker: RepeatedTask?
    private var wroteSinceTick = false
    private var readSinceTick = false
    private var lastWrite = NIODeadline.now()
    private var lastRead = NIODeadline.now()

    init(
        coordinator: CoordinatorAddress,
        role: SeataClientRole,
        timing: Timing,
        ids: RequestIDs,
        logger: Logger,
        inbound: @escaping @Sendable (SeataFrame, CoordinatorChannel) -> Void
    ) {
        self.address = coordinator
        self.coordinator = coordinator.description
        self.role = role
        self.timing = timing
        self.ids = ids
        self.logger = logger
        self.inbound = inbound
    }

    // MARK: Sending (on the event loop)

    /// Writes a request and waits for the response with its id.
    func send(
        _ frame: ByteBuffer,
        requestID: UInt32,
        request: MessageTypeCode,
        deadline: NIODeadline,
        continuation: ResponseContinuation
    ) {
        guard !closed, let context else {
            continuation.resume(throwing: closedError(request))
            return
        }
        waiting[requestID] = Waiting(continuation: continuation, deadline: deadline, request: request)
        wroteSinceTick = true
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Puts a request's body (type code and fields) in the merge basket and waits for its answer.
    func sendMerged(
        _ body: ByteBuffer,
        requestID: UInt32,
        request: MessageTypeCode,
        deadline: NIODeadline,
        continuation: ResponseContinuation
    ) {
        guard !closed, let context else {
            continuation.resume(throwing: closedError(request))
            return
        }
        waiting[requestID] = Waiting(continuation: continuation, deadline: deadline, request: request)
        if basket.add(body, requestID: requestID) {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.execute { handler.value.flushBasket() }
        }
    }

    private func flushBasket() {
        guard !closed, let context else { return }
        let ids = ids
        guard let frame = basket.flush(frameID: { ids.next() }, allocator: context.channel.allocator) else { return }
        wroteSinceTick = true
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Writes a frame that expects no response (an answer to the coordinator, a one-way request).
    func write(_ frame: ByteBuffer) {
        guard !closed, let context else { return }
        wroteSinceTick = true
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// How many requests wait for an answer.
    var waitingCount: Int { waiting.count }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startTicking(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        shutDown()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startTicking(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        shutDown()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        readSinceTick = true
        switch frame.messageType {
        case .response:
            if let entry = waiting.removeValue(forKey: frame.requestID) {
                entry.continuation.resume(returning: .frame(frame))
            } else if let requests = basket.requests(mergedInto: frame.requestID) {
                resolve(mergedAnswer: frame, requests: requests)
            } else if case .batchResult(let batch)? = try? frame.message() {
                // A BatchResult names its requests itself, whatever frame id it came with.
                resolve(mergedAnswer: frame, requests: batch.messageIDs)
            } else {
                logger.debug(
                    "answer to a request no longer waiting (timed out); dropped",
                    metadata: ["request_id": "\(frame.requestID)"]
                )
            }
        case .heartbeatResponse:
            break
        case .heartbeatRequest:
            write(Self.encode(frame.heartbeatResponse(), allocator: context.channel.allocator))
        case .request, .oneWay:
            let channel = CoordinatorChannel(
                coordinator: address,
                address: coordinator,
                role: role,
                channel: context.channel,
                handler: NIOLoopBound(self, eventLoop: context.eventLoop),
                ids: ids,
                merges: false
            )
            inbound(frame, channel)
        }
    }

    /// Hands each merged request its own answer; requests left unanswered fail.
    private func resolve(mergedAnswer frame: SeataFrame, requests: [UInt32]) {
        var failure = "the answer to a merged frame does not decode"
        if let message = try? frame.message() {
            if let answers = MergeBasket.answers(message, requests: requests) {
                for (id, answer) in answers {
                    waiting.removeValue(forKey: id)?.continuation.resume(returning: .merged(answer))
                }
                failure = "the coordinator's answer to a merged frame left this request out"
            } else {
                failure = "a merged frame was answered with \(message.typeCode), not MergeResult or BatchResult"
            }
        }
        for id in requests {
            guard let entry = waiting.removeValue(forKey: id) else { continue }
            entry.continuation.resume(
                throwing: SeataClientError(
                    .malformedResponse,
                    message: failure,
                    request: entry.request,
                    coordinator: coordinator
                )
            )
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A frame the decoder refused: the stream cannot be resynchronised; reconnect.
        logger.warning("closing the connection: \(error)")
        context.close(promise: nil)
    }

    // MARK: The tick

    private func startTicking(_ context: ChannelHandlerContext) {
        guard ticker == nil, !closed else { return }
        let now = NIODeadline.now()
        lastRead = now
        lastWrite = now
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: timing.tick, delay: timing.tick) { _ in
            handler.value.tick()
        }
    }

    private func tick() {
        guard !closed, let context else { return }
        let now = NIODeadline.now()
        if wroteSinceTick { lastWrite = now }
        if readSinceTick { lastRead = now }
        wroteSinceTick = false
        readSinceTick = false
        if !waiting.isEmpty { expire(now: now) }
        if now - lastRead >= timing.readIdleTimeout {
            logger.warning(
                "nothing read from the coordinator in \(Self.text(timing.readIdleTimeout)), heartbeats unanswered; reconnecting"
            )
            context.close(promise: nil)
            return
        }
        if now - lastWrite >= timing.heartbeatInterval {
            lastWrite = now
            let ping = SeataFrame.heartbeatRequest(requestID: ids.next())
            context.writeAndFlush(
                wrapOutboundOut(Self.encode(ping, allocator: context.channel.allocator)),
                promise: nil
            )
        }
    }

    private func expire(now: NIODeadline) {
        var expired: [UInt32] = []
        for (id, entry) in waiting where entry.deadline <= now {
            expired.append(id)
        }
        defer { basket.forget { waiting[$0] != nil } }
        for id in expired {
            guard let entry = waiting.removeValue(forKey: id) else { continue }
            entry.continuation.resume(
                throwing: SeataClientError(
                    .timedOut,
                    message: "no answer within the \(role) request timeout; the outcome is unknown",
                    request: entry.request,
                    coordinator: coordinator
                )
            )
        }
    }

    private func shutDown() {
        guard !closed else { return }
        closed = true
        ticker?.cancel()
        ticker = nil
        let failed = waiting
        waiting = [:]
        for entry in failed.values {
            entry.continuation.resume(throwing: closedError(entry.request))
        }
    }

    private func closedError(_ request: MessageTypeCode) -> SeataClientError {
        SeataClientError(
            .connectionClosed,
            message: "the \(role) connection closed before the answer came; the outcome is unknown",
            request: request,
            coordinator: coordinator
        )
    }

    static func encode(_ frame: SeataFrame, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: frame.body.readableBytes + 32)
        frame.encode(into: &buffer)
        return buffer
    }

    static func text(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
