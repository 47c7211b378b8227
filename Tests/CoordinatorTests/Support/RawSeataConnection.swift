import NIOCore
import NIOPosix
import SeataProtocol
import Synchronization
import ZooKeeperTestSupport

/// A plain TCP connection to the transaction port that sends exactly the bytes a test gives
/// it (garbage included) and reads back frames, or notices that the server closed it.
final class RawSeataConnection: Sendable {
    enum Event: Equatable {
        case frame(SeataFrame)
        case closed
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state: Mutex<(bytes: ByteBuffer, closed: Bool)>

        init() { state = Mutex((ByteBuffer(), false)) }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var chunk = unwrapInboundIn(data)
            state.withLock { _ = $0.bytes.writeBuffer(&chunk) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closed = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    private let channel: any Channel
    private let collector: Collector
    private let decoder = Mutex(SeataFrameDecoder())

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int) async throws -> RawSeataConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return RawSeataConnection(channel: channel, collector: collector)
    }

    /// Writes the bytes as one write.
    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Writes a frame.
    func send(_ frame: SeataFrame) async throws {
        try await send(Self.bytes(of: frame))
    }

    /// Sends a request and waits for the frame that answers it.
    func request(_ message: SeataMessage, id: UInt32, timeout: Duration = .seconds(10)) async throws -> SeataMessage {
        try await send(.request(message, requestID: id))
        while true {
            guard case .frame(let frame) = try await next(timeout: timeout) else {
                throw TestSetupError("the coordinator closed the connection instead of answering \(message.typeCode)")
            }
            if frame.requestID == id, frame.messageType == .response { return try frame.message() }
        }
    }

    /// The next frame from the server, or `.closed` once it closed the connection.
    ///
    /// - Throws: When neither happens within `timeout`.
    func next(timeout: Duration = .seconds(10)) async throws -> Event {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (frame, closed) = try collector.state.withLock { state -> (SeataFrame?, Bool) in
                let frame = try decoder.withLock { try $0.decode(buffer: &state.bytes) }
                return (frame, state.closed)
            }
            if let frame { return .frame(frame) }
            if closed { return .closed }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestSetupError("neither a frame nor a close from the coordinator within \(timeout)")
    }

    func close() async {
        try? await channel.close()
    }

    static func bytes(of frame: SeataFrame) -> [UInt8] {
        var buffer = ByteBuffer()
        SeataFrameEncoder().encode(data: frame, out: &buffer)
        return Array(buffer.readableBytesView)
    }
}
