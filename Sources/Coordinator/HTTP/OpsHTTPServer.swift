import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The ops endpoints' HTTP server, listening before the coordinator registers anywhere.
///
/// Hummingbird binds its port when its service runs, which would be after the coordinator had
/// registered and said it started. So the application runs in a service group of its own,
/// started by `bind`, which returns once the port is bound (or throws why it cannot be); the
/// coordinator's own group then runs this server as a service, which passes a graceful shutdown
/// on to that group and waits for it (the requests being answered finish).
final class OpsHTTPServer: Service, Sendable {
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

    /// The address listened on.
    let host: String
    /// The port bound (the one asked for, or the free one picked for 0).
    let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(host: String, port: Int, group: ServiceGroup, running: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.running = running
    }

    /// Starts serving `router` on `host:port` and returns once the port is bound.
    ///
    /// - Throws: `BindError` when the port cannot be listened on.
    static func bind(
        router: Router<OpsRequestContext>,
        host: String,
        port: Int,
        logger: Logger
    ) async throws(BindError) -> OpsHTTPServer {
        let outcome = Outcome()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "coordinator"),
            onServerRunning: { channel in outcome.resolve(.success(channel.localAddress?.port ?? port)) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task {
            do {
                try await group.run()
                outcome.resolve(.failure(CancellationError()))
            } catch {
                outcome.resolve(.failure(error))
                throw error
            }
        }
        switch await outcome.value() {
        case .success(let bound):
            return OpsHTTPServer(host: host, port: bound, group: group, running: running)
        case .failure(let error):
            _ = await running.result
            throw BindError(host: host, port: port, underlying: error)
        }
    }

    /// Serves until a graceful shutdown, then lets the requests being answered finish.
    func run() async throws {
        try await withGracefulShutdownHandler {
            try await running.value
        } onGracefulShutdown: {
            Task { await self.group.triggerGracefulShutdown() }
        }
    }

    /// Stops serving (a startup that failed after the port was bound).
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await running.result
    }

    /// The first of "bound on a port" and "failed", for `bind` to wait on.
    private final class Outcome: Sendable {
        private struct State {
            var result: Result<Int, any Error>?
            var waiter: CheckedContinuation<Result<Int, any Error>, Never>?
        }

        private let state = Mutex(State())

        func resolve(_ result: Result<Int, any Error>) {
            let waiter: CheckedContinuation<Result<Int, any Error>, Never>? = state.withLock { s in
                guard s.result == nil else { return nil }
                s.result = result
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume(returning: result)
        }

        func value() async -> Result<Int, any Error> {
            await withCheckedContinuation { continuation in
                let ready: Result<Int, any Error>? = state.withLock { s in
                    if let result = s.result { return result }
                    s.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
