import NIOCore
import SeataProtocol
import Synchronization

/// One client connection on the transaction port: who registered on it, and the calls the
/// coordinator has made over it (BranchCommit, BranchRollback) that wait for an answer.
///
/// Shared between the connection's channel handler (on its event loop), the tasks that answer
/// its requests, and phase two (any task), so every field is behind a lock; frames are written
/// through the channel, which is safe from any thread.
final class ClientConnection: Sendable {
    struct Registration: Sendable {
        var tm: ClientIdentity?
        var rm: ClientIdentity?
        var resources: Set<String> = []
    }

    /// Why a call over this connection got no answer.
    enum CallError: Error, CustomStringConvertible {
        case closed(peer: String)
        case timedOut(peer: String, after: Duration)
        case unexpectedAnswer(peer: String, typeCode: MessageTypeCode)

        var description: String {
            switch self {
            case .closed(let peer): "the connection to \(peer) closed before it answered"
            case .timedOut(let peer, let after):
                "\(peer) did not answer within \(after) (transport.rpcTcRequestTimeout)"
            case .unexpectedAnswer(let peer, let code): "\(peer) answered with an unexpected message \(code)"
            }
        }
    }

    /// A number for this connection, unique in the process.
    let id: Int
    let channel: any Channel
    /// The peer's `ip:port` (IPv6 bracketed).
    let peer: String
    private let registration = Mutex(Registration())
    /// A call made over this connection that waits for the client's answer.
    private struct PendingCall: Sendable {
        var answer: CheckedContinuation<SeataMessage, any Error>
        var timer: Scheduled<Void>
    }

    private let pending = Mutex<[UInt32: PendingCall]>([:])
    private let closed = Atomic<Bool>(false)
    /// Whether frames written in one turn of the event loop may go out in one flush (see
    /// `write`): set once the client registered with a version that reads a stream.
    private let gluesFrames = Atomic<Bool>(false)
    /// A flush is queued on the event loop for frames written since the last one.
    private let flushQueued: NIOLoopBoundBox<Bool>

    private static let nextID = Atomic<Int>(1)
    /// Request ids of the coordinator's own calls, unique across connections, so a log line's
    /// id names one call.
    private static let nextRequestID = Atomic<UInt32>(1)

    init(channel: any Channel) {
        self.id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.channel = channel
        self.peer = Self.describe(channel.remoteAddress)
        self.flushQueued = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
    }

    var current: Registration { registration.withLock { $0 } }

    /// The identity requests are answered for: the TM's if it registered as one, else the RM's.
    var identity: ClientIdentity? { registration.withLock { $0.tm ?? $0.rm } }

    /// Records a RegisterTM.
    func register(tm identity: ClientIdentity) {
        registration.withLock { $0.tm = identity }
        noteReader(identity)
    }

    /// Records a RegisterRM; a later one (the Java RM registers again when it opens a new
    /// resource) adds its resources.
    func register(rm identity: ClientIdentity, resources: some Sequence<Substring>) {
        registration.withLock {
            $0.rm = identity
            for resource in resources where !resource.isEmpty { $0.resources.insert(String(resource)) }
        }
        noteReader(identity)
    }

    /// Clients from Seata 1.5 on (Java, Go, this project's Swift client) cut frames out of a
    /// stream by their length; older ones may not (seata-python, version 1.0, decodes one frame
    /// per socket read), so their frames keep a flush each.
    private func noteReader(_ identity: ClientIdentity) {
        if identity.understandsSeata15 { gluesFrames.store(true, ordering: .relaxed) }
    }

    // MARK: Writing

    /// Writes one frame carrying `message` (see `write`).
    func send(_ message: SeataMessage, messageType: SeataFrame.MessageType, requestID: UInt32) {
        var buffer = channel.allocator.buffer(capacity: 64)
        SeataFrame.write(message, messageType: messageType, requestID: requestID, into: &buffer)
        write(buffer)
    }

    /// Writes the response to `request` (see `write`).
    func answer(_ request: SeataFrame, with message: SeataMessage) {
        var buffer = channel.allocator.buffer(capacity: 64)
        request.writeResponse(message, into: &buffer)
        write(buffer)
    }

    /// Writes one frame.
    ///
    /// For a client that reads a stream, the frames written in one turn of
    /// the event loop (the answers to the requests of one read, the phase-two calls of one
    /// commit) go out in one flush, which a flush queued behind them sends: under load that is
    /// one `write` system call for several frames instead of one each (the writes were a fifth
    /// of the coordinator's CPU). Other clients get a flush per frame.
    private func write(_ frame: ByteBuffer) {
        guard gluesFrames.load(ordering: .relaxed) else {
            channel.writeAndFlush(frame, promise: nil)
            return
        }
        let loop = channel.eventLoop
        if loop.inEventLoop {
            writeGlued(frame)
        } else {
            loop.execute { self.writeGlued(frame) }
        }
    }

    /// `write` on the event loop: the frame, and a flush queued unless one already is.
    private func writeGlued(_ frame: ByteBuffer) {
        channel.write(frame, promise: nil)
        guard !flushQueued.value else { return }
        flushQueued.value = true
        channel.eventLoop.execute {
            self.flushQueued.value = false
            self.channel.flush()
        }
    }

    /// Closes the connection, after the frames written so far (a glued frame waits for its
    /// flush, and a close fails what was not flushed).
    func close() {
        let loop = channel.eventLoop
        let closing: @Sendable () -> Void = { [channel] in
            channel.flush()
            channel.close(promise: nil)
        }
        if loop.inEventLoop { closing() } else { loop.execute(closing) }
    }

    // MARK: Calls to the client

    /// Sends a request to the client and waits for its answer.
    ///
    /// The call is set up on the connection's event loop in one step (its timer, its entry,
    /// the write), and the answer read there completes it and cancels the timer: a caller on
    /// another loop (phase two runs on the TM's connection) crosses threads once each way,
    /// not once per step.
    ///
    /// - Throws: `CallError` when the connection closes first or `timeout` passes.
    func call(_ message: SeataMessage, timeout: Duration) async throws -> SeataMessage {
        let requestID = Self.nextRequestID.wrappingAdd(1, ordering: .relaxed).oldValue
        var buffer = channel.allocator.buffer(capacity: 96)
        SeataFrame.write(message, messageType: .request, requestID: requestID, into: &buffer)
        let frame = buffer
        let loop = channel.eventLoop
        return try await withCheckedThrowingContinuation { (answer: CheckedContinuation<SeataMessage, any Error>) in
            let start: @Sendable () -> Void = { [self] in
                let timer = loop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) { [weak self] in
                    guard let self else { return }
                    self.fail(requestID, with: CallError.timedOut(peer: self.peer, after: timeout))
                }
                let accepted = pending.withLock { calls -> Bool in
                    guard !closed.load(ordering: .acquiring) else { return false }
                    calls[requestID] = PendingCall(answer: answer, timer: timer)
                    return true
                }
                guard accepted else {
                    timer.cancel()
                    answer.resume(throwing: CallError.closed(peer: peer))
                    return
                }
                if gluesFrames.load(ordering: .relaxed) {
                    writeGlued(frame)
                } else {
                    channel.writeAndFlush(frame, promise: nil)
                }
            }
            if loop.inEventLoop { start() } else { loop.execute(start) }
        }
    }

    /// Completes the call `requestID` with the client's answer; false when no call waits for it
    /// (it timed out, or the client answered something never asked).
    @discardableResult
    func complete(_ requestID: UInt32, with message: SeataMessage) -> Bool {
        guard let call = pending.withLock({ $0.removeValue(forKey: requestID) }) else { return false }
        call.timer.cancel()
        call.answer.resume(returning: message)
        return true
    }

    /// Fails every waiting call: the connection is gone.
    func closeCalls() {
        let waiting = pending.withLock { calls -> [PendingCall] in
            closed.store(true, ordering: .releasing)
            defer { calls.removeAll() }
            return Array(calls.values)
        }
        for call in waiting {
            call.timer.cancel()
            call.answer.resume(throwing: CallError.closed(peer: peer))
        }
    }

    private func fail(_ requestID: UInt32, with error: any Error) {
        guard let call = pending.withLock({ $0.removeValue(forKey: requestID) }) else { return }
        call.timer.cancel()
        call.answer.resume(throwing: error)
    }

    private static func describe(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "unknown" }
        if case .v6 = address { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
