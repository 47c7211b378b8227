import Foundation
public import Logging
public import ServiceLifecycle
public import ZooKeeper

/// This coordinator's ephemeral znode, so peers and operators can see live instances.
///
/// The node is `REGISTRY/HOST:PORT` holding JSON (address, port, start time, pid). It lives as
/// long as the session; after a session expiry the server deletes it, so it is created again
/// on every renewed session. On graceful shutdown it is deleted before the session closes.
public final class InstanceRegistration: Service, Sendable {
    /// The registry folder (`coordinator.registry.path`).
    public let registryPath: String
    /// The node's full path.
    public let nodePath: String
    private let session: RenewingSession
    private let payload: [UInt8]
    private let logger: Logger

    /// A registration of `host:port` under `registryPath`.
    public init(session: RenewingSession, registryPath: String, host: String, port: Int, logger: Logger) {
        self.session = session
        self.registryPath = registryPath
        self.nodePath = (registryPath == "/" ? "" : registryPath) + "/\(host):\(port)"
        self.logger = logger
        let started = ISO8601DateFormatter().string(from: Date())
        let json = "{\"address\":\"\(host)\",\"port\":\(port),\"startTime\":\"\(started)\",\"pid\":\(getpid())}"
        self.payload = Array(json.utf8)
    }

    /// Registers on the current session now (so startup fails if it cannot).
    ///
    /// - Throws: `ZooKeeperError` when the node cannot be created.
    public func register() async throws {
        try await register(on: session.client)
    }

    /// Re-registers on every renewed session; deletes the node on graceful shutdown.
    public func run() async throws {
        await withGracefulShutdownHandler {
            for await client in session.sessions().cancelOnGracefulShutdown() {
                do {
                    try await register(on: client)
                } catch {
                    logger.error("Could not register \(nodePath): \(error)")
                }
            }
        } onGracefulShutdown: {
        }
        await deregister()
    }

    /// Deletes the node (if this session owns it).
    public func deregister() async {
        let client = session.client
        do {
            if let stat = try await client.exists(nodePath), stat.ephemeralOwner == client.sessionID {
                try await client.delete(nodePath)
                logger.info("Deregistered \(nodePath)")
            }
        } catch {
            logger.warning("Could not deregister \(nodePath): \(error)")
        }
    }

    private func register(on client: ZooKeeperClient) async throws {
        for _ in 0..<50 {
            do {
                try await client.create(nodePath, data: payload, mode: .ephemeral, createParents: true)
                logger.info("Registered \(nodePath)")
                return
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Ours already (a retried create landed), or left by an earlier session of
                // this instance that the server has not expired yet: wait for it to go.
                guard let stat = try await client.exists(nodePath) else { continue }
                if stat.ephemeralOwner == client.sessionID { return }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw ZooKeeperError(
            .nodeExists,
            path: nodePath,
            connectString: client.connectString,
            detail:
                "another live session holds this instance's registration; is a second coordinator using this address?"
        )
    }
}
