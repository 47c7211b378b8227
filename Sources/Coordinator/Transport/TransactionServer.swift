import Logging
import NIOCore
import NIOPosix
import SeataProtocol
import ServiceLifecycle
import Synchronization

/// The transaction port: Seata's RPC protocol over TCP, served with SwiftNIO.
///
/// `bind` runs first at startup and only reserves the port (nothing is accepted yet), so a port
/// in use is a startup report before the coordinator registers anywhere, and the port is known
/// (when 0 asked for any) before the core puts it into XIDs. `start` then begins accepting.
/// `run` serves until graceful shutdown, then stops accepting, lets the requests in flight
/// finish (at most `transport.shutdown.wait`), and closes every connection.
final class TransactionServer: Service {
    /// The port could not be bound.
    struct BindError: Error, CustomStringConvertible {
        var host: String
        var port: Int
        var underlying: any Error

        var description: String { "cannot listen on \(host):\(port): \(underlying)" }

        /// Whether another process holds the port.
        var isAddressInUse: Bool {
            if let error = underlying as? IOError { return error.errnoCode == EADDRINUSE }
            return "\(underlying)".contains("Address already in use")
        }
    }

    private final class ContextSlot: Sendable {
        let value = Mutex<(context: TransportContext, shutdownWait: @Sendable () -> Duration)?>(nil)
    }

    /// The address and port bound (the port asked for, or the free one picked for 0).
    let host: String
    let port: Int
    private let channel: any Channel
    private let slot: ContextSlot
    /// The event loops this server made for itself (nil: the process-wide ones).
    private let ownGroup: MultiThreadedEventLoopGroup?

    private init(
        channel: any Channel,
        host: String,
        port: Int,
        slot: ContextSlot,
        ownGroup: MultiThreadedEventLoopGroup?
    ) {
        self.channel = channel
        self.host = host
        self.port = port
        self.slot = slot
        self.ownGroup = ownGroup
    }

    /// Reserves `host:port` (0 picks a free port) without accepting connections yet.
    ///
    /// - Parameters:
    ///   - host: The listen address.
    ///   - port: The port, 0 for any free one.
    ///   - threads: Event loop threads of its own; nil shares the process-wide ones (one per core).
    /// - Returns: The bound server.
    /// - Throws: `BindError`.
    static func bind(host: String, port: Int, threads: Int?) async throws(BindError) -> TransactionServer {
        let ownGroup = threads.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
        let group: any EventLoopGroup = ownGroup ?? MultiThreadedEventLoopGroup.singleton
        let slot = ContextSlot()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let (context, _) = slot.value.withLock({ $0 }) else {
                        throw ChannelError.ioOnClosedChannel
                    }
                    let idle = context.settings().readIdleTimeout
                    try channel.pipeline.syncOperations.addHandlers(
                        IdleStateHandler(readTimeout: TimeAmount.nanoseconds(idle.nanoseconds)),
                        ByteToMessageHandler(SeataFrameDecoder()),
                        RpcChannelHandler(context: context)
                    )
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            try? await ownGroup?.shutdownGracefully()
            throw BindError(host: host, port: port, underlying: error)
        }
        return TransactionServer(
            channel: channel,
            host: host,
            port: channel.localAddress?.port ?? port,
            slot: slot,
            ownGroup: ownGroup
        )
    }

    /// Begins accepting connections, handled with `context`.
    func start(context: TransportContext, shutdownWait: @escaping @Sendable () -> Duration) async throws {
        slot.value.withLock { $0 = (context, shutdownWait) }
        try await channel.setOption(.autoRead, value: true).get()
    }

    func run() async throws {
        // Both a graceful shutdown and a cancellation (another service failed and the group
        // cancels the rest) close the listener; waiting on closeFuture alone ignores the latter.
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await channel.closeFuture.get()
            } onGracefulShutdown: {
                self.channel.close(promise: nil)
            }
        } onCancel: {
            self.channel.close(promise: nil)
        }
        await drain()
    }

    /// Closes the listener (if open), waits for the requests being answered (at most
    /// `transport.shutdown.wait`), then closes every client connection.
    func drain() async {
        try? await channel.close()
        defer { if let ownGroup { Task { try? await ownGroup.shutdownGracefully() } } }
        guard let (context, shutdownWait) = slot.value.withLock({ $0 }) else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + shutdownWait()
        if context.inFlight.current > 0 {
            context.logger.info(
                "Waiting for \(context.inFlight.current) requests in flight (at most transport.shutdown.wait)"
            )
        }
        while context.inFlight.current > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for connection in context.registry.all { connection.close() }
    }
}
