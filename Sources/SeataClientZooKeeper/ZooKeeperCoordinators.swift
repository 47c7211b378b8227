public import SeataClient
public import ZooKeeper

/// Coordinators found in Seata's ZooKeeper registry (`registry.type=zk`): the children of
/// `/registry/zk/<cluster>`, each named `<ip>:<port>`, followed as they come and go.
///
/// The cluster comes from `service.vgroupMapping.<group>`, as Seata's clients read it. The
/// source owns its ZooKeeper session: it connects when the client starts following it
/// (retrying quietly while ZooKeeper is away), renews the session after an expiry, re-reads the
/// children at every change, and closes the session when the client lets go of the stream.
/// While ZooKeeper cannot be read it yields nothing, so the client keeps the coordinators it
/// has; a cluster without any registered coordinator yields an empty list.
public struct ZooKeeperCoordinators: CoordinatorDiscovery, Sendable {
    /// Seata's root of the ZooKeeper registry.
    public static let root = "/registry/zk"

    /// How to reach the registry (`registry.zk.serverAddr`, timeouts, digest credentials).
    public var configuration: ZooKeeperClient.Configuration
    /// The cluster whose coordinators to use.
    public var cluster: String
    /// The pause before reading again after a failed read.
    public var retryDelay: Duration

    /// Follows `cluster` in the registry at `configuration.connectString`.
    public init(
        configuration: ZooKeeperClient.Configuration,
        cluster: String,
        retryDelay: Duration = .milliseconds(500)
    ) {
        self.configuration = configuration
        self.cluster = cluster
        self.retryDelay = retryDelay
    }

    /// Resolves a transaction service group as Seata's ZooKeeper registry does:
    /// `service.vgroupMapping.<group>` names the cluster.
    ///
    /// - Throws: ``SeataClientError/Code/invalidAddress`` when the mapping is missing.
    public init(
        configuration: ZooKeeperClient.Configuration,
        properties: [String: String],
        transactionServiceGroup: String
    ) throws {
        let mappingKey = "service.vgroupMapping.\(transactionServiceGroup)"
        guard let cluster = properties[mappingKey], !cluster.isEmpty, !cluster.contains("/") else {
            throw SeataClientError(
                .invalidAddress,
                message:
                    "\(mappingKey) is not set: map the group to the registry cluster, for example \(mappingKey)=default"
            )
        }
        self.init(configuration: configuration, cluster: cluster)
    }

    /// The registry folder of the cluster.
    public var path: String { "\(Self.root)/\(cluster)" }

    /// `zookeeper registry HOSTS/registry/zk/CLUSTER`.
    public var description: String { "zookeeper registry \(configuration.connectString)\(path)" }

    /// The registered coordinators now, then after every change.
    public func coordinators() -> AsyncStream<[CoordinatorAddress]> {
        let source = self
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task { await source.follow(continuation) }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func follow(_ continuation: AsyncStream<[CoordinatorAddress]>.Continuation) async {
        var session: RenewingSession?
        while !Task.isCancelled, session == nil {
            session = try? await RenewingSession.connect(configuration)
            if session == nil { try? await Task.sleep(for: retryDelay) }
        }
        guard let session else { return }
        var last: [CoordinatorAddress]?
        while !Task.isCancelled {
            let client = session.client
            do {
                let watch: ZNodeWatch
                let names: [String]
                do {
                    (names, _, watch) = try await client.childrenAndWatch(path)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    // No coordinator ever registered: wait for the folder to appear.
                    if last != [] {
                        last = []
                        continuation.yield([])
                    }
                    let (stat, created) = try await client.existsAndWatch(path)
                    if stat == nil { _ = try await created.event() }
                    continue
                }
                let addresses = names.sorted().compactMap { try? CoordinatorAddress(parsing: $0) }
                if addresses != last {
                    last = addresses
                    continuation.yield(addresses)
                }
                _ = try await watch.event()
            } catch {
                try? await Task.sleep(for: retryDelay)
            }
        }
        await session.close()
        continuation.finish()
    }
}
