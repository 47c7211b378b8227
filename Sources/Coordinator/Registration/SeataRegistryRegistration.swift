import Logging
import ServiceLifecycle
import ZooKeeper

/// This coordinator in Seata's ZooKeeper registry (`registry.type=zk`), where Seata's clients
/// and `SeataClient`'s `ZooKeeperCoordinators` look for coordinators: the ephemeral znode
/// `/registry/zk/<cluster>/<ip>:<port>` holding `true`, parents persistent.
///
/// The address is the transaction port on the advertised address (never a wildcard), the one
/// xids carry. The node lives as long as the registry session: it is created again on every
/// renewed session (an expiry deletes it server-side), and deleted on graceful shutdown before
/// the session closes, so clients stop routing new transactions here at once.
final class SeataRegistryRegistration: Service, Sendable {
    /// Seata's root of the ZooKeeper registry.
    static let root = "/registry/zk"
    /// What Seata puts in the node.
    static let payload = Array("true".utf8)

    let session: RenewingSession
    let nodePath: String
    private let logger: Logger

    init(session: RenewingSession, cluster: String, address: String, logger: Logger) {
        self.session = session
        self.nodePath = "\(Self.root)/\(cluster)/\(address)"
        self.logger = logger
    }

    /// Registers on the current session (startup fails if it cannot).
    func register() async throws {
        try await register(on: session.client)
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            for await client in session.sessions().cancelOnGracefulShutdown() {
                do {
                    try await register(on: client)
                } catch {
                    logger.error("Could not register \(nodePath) in the Seata registry: \(error)")
                }
            }
        } onGracefulShutdown: {
        }
        await deregister()
        await session.close()
    }

    /// Deletes the node if this session owns it.
    func deregister() async {
        let client = session.client
        do {
            if let stat = try await client.exists(nodePath), stat.ephemeralOwner == client.sessionID {
                try await client.delete(nodePath)
                logger.info("Deregistered \(nodePath) from the Seata registry")
            }
        } catch {
            logger.warning("Could not deregister \(nodePath) from the Seata registry: \(error)")
        }
    }

    private func register(on client: ZooKeeperClient) async throws {
        for _ in 0..<50 {
            do {
                try await client.create(nodePath, data: Self.payload, mode: .ephemeral, createParents: true)
                logger.info("Registered \(nodePath) in the Seata registry")
                return
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Ours (a retried create landed), or an earlier session's that the server has
                // not expired yet: wait for it to go.
                guard let stat = try await client.exists(nodePath) else { continue }
                if stat.ephemeralOwner == client.sessionID { return }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw ZooKeeperError(
            .nodeExists,
            path: nodePath,
            connectString: client.connectString,
            detail: "another live session holds this address in the Seata registry; is a second coordinator using it?"
        )
    }
}
