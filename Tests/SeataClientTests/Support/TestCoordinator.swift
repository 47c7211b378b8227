import NIOCore
import NIOPosix
import SeataClient
import SeataProtocol
import Synchronization

/// A scripted coordinator on a loopback port for the client's unit tests: it speaks Seata frames,
/// answers registrations and requests with canned success (or what a test's script says), records
/// every frame it receives, and can call the client's RM (BranchCommit, …) or drop connections.
final class TestCoordinator: Sendable {
    /// One client connection, as the coordinator sees it.
    struct Peer: Sendable {
        let id: Int
        let channel: any Channel
    }

    /// A frame the coordinator received.
    struct Received: Sendable {
        let peer: Peer
        let frame: SeataFrame
        let message: SeataMessage
    }

    /// What the script says to do with a request.
    enum Reply: Sendable {
        /// Answer with the canned success.
        case standard
        /// Answer with this message.
        case answer(SeataMessage)
        /// Do not answer.
        case silence
    }

    private struct State {
        var received: [Received] = []
        var peers: [Peer] = []
        var nextPeer = 0
        var nextTransaction: Int64 = 1000
        var waiting: [UInt32: CheckedContinuation<SeataMessage, any Error>] = [:]
        var script: @Sendable (Received) -> Reply = { _ in .standard }
        var answersPings = true
        var identifies = true
    }

    let port: Int
    private let server: any Channel
    private let state = Mutex(State())
    private let ids = Atomic<UInt32>(1_000_000)

    var address: CoordinatorAddress { CoordinatorAddress(host: "127.0.0.1", port: port) }

    private init(server: any Channel) {
        self.server = server
        port = server.localAddress!.port!
    }

    /// Starts listening on 127.0.0.1 (a free port unless given).
    static func start(port: Int = 0) async throws -> TestCoordinator {
        let box = Mutex<TestCoordinator?>(nil)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let coordinator = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    let peer = coordinator.add(channel)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SeataFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Handler(coordinator: coordinator, peer: peer))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        let coordinator = TestCoordinator(server: server)
        box.withLock { $0 = coordinator }
        return coordinator
    }

    /// Stops listening and closes every connection.
    func stop() async {
        try? await server.close()
        await dropConnections()
    }

    /// Closes every client connection (the listener stays).
    func dropConnections() async {
        let peers = state.withLock { state in
            defer { state.peers = [] }
            return state.peers
        }
        for peer in peers { try? await peer.channel.close() }
    }

    // MARK: Scripting

    /// Sets what the coordinator does with each request.
    func script(_ script: @escaping @Sendable (Received) -> Reply) {
        state.withLock { $0.script = script }
    }

    /// Whether heartbeat pings are answered.
    func answerPings(_ answers: Bool) {
        state.withLock { $0.answersPings = answers }
    }

    /// Whether registrations are accepted.
    func identify(_ identifies: Bool) {
        state.withLock { $0.identifies = identifies }
    }

    // MARK: Observing

    /// Every frame received so far.
    var received: [Received] { state.withLock { $0.received } }

    /// How many client connections are open.
    var openConnections: Int { state.withLock { $0.peers.filter(\.channel.isActive).count } }

    /// The messages received so far, in order.
    var messages: [SeataMessage] { received.map(\.message) }

    /// Waits until `condition` holds for the frames received (polling), or fails after `timeout`.
    @discardableResult
    func waitFor(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: ([Received]) -> Bool
    ) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let received = self.received
            if condition(received) { return received }
            guard ContinuousClock.now < deadline else { throw TestFailure("the coordinator never saw \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The peer that registered as an RM most recently.
    func resourceManager() async throws -> Peer {
        let received = try await waitFor("a RegisterRM") { $0.contains { $0.message.isRegisterRM } }
        return received.last { $0.message.isRegisterRM }!.peer
    }

    // MARK: Calling the client

    /// Sends a request to a client connection and waits for its answer.
    func call(_ message: SeataMessage, on peer: Peer, timeout: Duration = .seconds(10)) async throws -> SeataMessage {
        let id = ids.wrappingAdd(1, ordering: .relaxed).newValue
        let frame = SeataFrame.request(message, requestID: id)
        let timer = Task {
            try await Task.sleep(for: timeout)
            let continuation = self.state.withLock { $0.waiting.removeValue(forKey: id) }
            continuation?
                .resume(throwing: TestFailure("the client did not answer \(message.typeCode) within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            state.withLock { $0.waiting[id] = continuation }
            write(frame, to: peer)
        }
    }

    /// Sends a one-way request to a client connection.
    func sendOneWay(_ message: SeataMessage, on peer: Peer) {
        write(SeataFrame.oneWay(message, requestID: ids.wrappingAdd(1, ordering: .relaxed).newValue), to: peer)
    }

    /// Answers a received request.
    func respond(to request: Received, with message: SeataMessage) {
        write(request.frame.response(message), to: request.peer)
    }

    // MARK: Internals

    private func add(_ channel: any Channel) -> Peer {
        state.withLock { state in
            state.nextPeer += 1
            let peer = Peer(id: state.nextPeer, channel: channel)
            state.peers.append(peer)
            return peer
        }
    }

    private func write(_ frame: SeataFrame, to peer: Peer) {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        peer.channel.writeAndFlush(buffer, promise: nil)
    }

    fileprivate func receive(_ frame: SeataFrame, from peer: Peer) {
        guard let message = try? frame.message() else {
            peer.channel.close(promise: nil)
            return
        }
        let received = Received(peer: peer, frame: frame, message: message)
        if frame.messageType == .response {
            let continuation = state.withLock { state in
                state.received.append(received)
                return state.waiting.removeValue(forKey: frame.requestID)
            }
            continuation?.resume(returning: message)
            return
        }
        let (script, answersPings, identifies, transaction) = state.withLock { state in
            state.received.append(received)
            state.nextTransaction += 1
            return (state.script, state.answersPings, state.identifies, state.nextTransaction)
        }
        if frame.messageType == .heartbeatRequest {
            if answersPings { write(frame.heartbeatResponse(), to: peer) }
            return
        }
        // The Java RM's merged frames are one-way and still answered.
        guard frame.messageType == .request || message.isMergedWarp else { return }
        switch script(received) {
        case .silence:
            return
        case .answer(let answer):
            write(frame.response(answer), to: peer)
        case .standard:
            if let answer = standardAnswer(to: message, identifies: identifies, transaction: transaction) {
                write(frame.response(answer), to: peer)
            }
        }
    }

    private func standardAnswer(to message: SeataMessage, identifies: Bool, transaction: Int64) -> SeataMessage? {
        switch message {
        case .registerTM: .registerTMResponse(RegistrationResponse(identified: identifies, version: "test"))
        case .registerRM: .registerRMResponse(RegistrationResponse(identified: identifies, version: "test"))
        case .globalBegin:
            .globalBeginResponse(GlobalBeginResponse(result: .success, xid: "127.0.0.1:\(port):\(transaction)"))
        case .globalCommit: .globalCommitResponse(GlobalEndResponse(result: .success, globalStatus: .committed))
        case .globalRollback:
            .globalRollbackResponse(GlobalEndResponse(result: .success, globalStatus: .rollbacked))
        case .globalStatus: .globalStatusResponse(GlobalEndResponse(result: .success, globalStatus: .begin))
        case .globalReport(let report):
            .globalReportResponse(GlobalEndResponse(result: .success, globalStatus: report.globalStatus ?? .unknown))
        case .branchRegister: .branchRegisterResponse(BranchRegisterResponse(result: .success, branchId: transaction))
        case .branchReport: .branchReportResponse(BranchReportResponse(result: .success))
        case .globalLockQuery: .globalLockQueryResponse(GlobalLockQueryResponse(result: .success, lockable: true))
        case .mergedWarp(let merged):
            .mergeResult(
                MergeResultMessage(
                    results: merged.messages.enumerated()
                        .compactMap { index, message in
                            standardAnswer(
                                to: message,
                                identifies: identifies,
                                transaction: transaction * 1000 + Int64(index)
                            )
                        }
                )
            )
        default: nil
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = SeataFrame
        let coordinator: TestCoordinator
        let peer: Peer

        init(coordinator: TestCoordinator, peer: Peer) {
            self.coordinator = coordinator
            self.peer = peer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            coordinator.receive(unwrapInboundIn(data), from: peer)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

extension SeataMessage {
    var isRegisterRM: Bool {
        if case .registerRM = self { true } else { false }
    }

    var isMergedWarp: Bool {
        if case .mergedWarp = self { true } else { false }
    }

    var isRegisterTM: Bool {
        if case .registerTM = self { true } else { false }
    }
}

/// A test's own failure, with what it waited for.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
