import Foundation
public import Logging
public import ServiceLifecycle
public import ZooKeeper

/// An ephemeral znode that says an instance is alive: created on the session (and again on every
/// renewed session, since the server deletes it on expiry), deleted on graceful shutdown.
///
/// Generic over what is registered where: the coordinator's own instance node
/// (`coordinator.registry.path/HOST:PORT`) is one; a registry layout of Seata's
/// (`/registry/zk/CLUSTER/IP:PORT`) is another. Whoever holds a path is told apart by the
/// node's `ephemeralOwner`: a node of another live session is a collision (two instances claim
/// one address), reported as such, never as ZooKeeper being unreachable.
public final class InstanceRegistration: Service, Sendable {
    /// The node's full path.
    public let nodePath: String
    private let session: RenewingSession
    private let payload: [UInt8]
    private let logger: Logger

    /// Another live session holds the node.
    public struct Collision: Error, Sendable, CustomStringConvertible {
        /// The node.
        public var path: String
        /// The holder's session, as `zkCli` prints it.
        public var ownerSession: Int64
        /// What the holder registered (its own payload, as text), when it could be read.
        public var holder: String?
        /// How long this instance waited for the node to go (an earlier session of its own
        /// would have expired within it).
        public var waited: Duration

        /// `znode P is held by another live session 0x…: {payload}; …`.
        public var description: String {
            guard ownerSession != 0 else {
                return "znode \(path) exists as a persistent node, not an instance's registration"
            }
            return "znode \(path) is held by another live ZooKeeper session (0x\(String(ownerSession, radix: 16)))"
                + (holder.map { ": \($0)" } ?? "") + "; it did not go within \(waited)"
        }
    }

    /// A registration of `payload` at `path` (its parents are created when missing).
    public init(session: RenewingSession, path: String, payload: [UInt8], logger: Logger) {
        self.session = session
        self.nodePath = path
        self.payload = payload
        self.logger = logger
    }

    /// Registers on the current session now, so startup fails if it cannot.
    ///
    /// - Throws: `Collision` when another live session holds the node past the session timeout;
    ///   `ZooKeeperError` when the node cannot be created.
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
        // An earlier session of this very instance (a restart after kill -9) holds the node
        // until the server expires it: wait that long, then it is someone else's.
        let timeout = client.negotiatedSessionTimeout ?? session.configuration.sessionTimeout
        let deadline = ContinuousClock.now + timeout + .seconds(1)
        while true {
            do {
                try await client.create(nodePath, data: payload, mode: .ephemeral, createParents: true)
                logger.info("Registered \(nodePath)")
                return
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Ours already (a retried create landed), or another session's.
                let held: ZNodeData
                do {
                    held = try await client.get(nodePath)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    continue  // gone meanwhile: create it again
                }
                if held.stat.ephemeralOwner == client.sessionID { return }
                guard ContinuousClock.now < deadline else {
                    throw Collision(
                        path: nodePath,
                        ownerSession: held.stat.ephemeralOwner,
                        holder: held.string,
                        waited: timeout + .seconds(1)
                    )
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
