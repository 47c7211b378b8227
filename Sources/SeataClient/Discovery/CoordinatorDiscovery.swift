/// Where a client learns which coordinators exist, now and as they come and go.
///
/// ``StaticCoordinators`` is a fixed list (Seata's `service.default.grouplist`). A registry-backed
/// source, such as Seata's ZooKeeper registry (children of `/registry/zk/<cluster>`, the cluster
/// named by `service.vgroupMapping.<group>`), conforms by yielding the live list each time it
/// changes; the client connects to coordinators that appear and lets go of those that disappear.
public protocol CoordinatorDiscovery: Sendable {
    /// The coordinators: the current list first, then a new list each time it changes.
    ///
    /// Each list replaces the previous one. The stream may finish (a static list finishes after its
    /// only element); the client then keeps the last list. A source that cannot reach its registry
    /// keeps quiet rather than yielding an empty list, so the client keeps its connections.
    func coordinators() -> AsyncStream<[CoordinatorAddress]>

    /// What the source is, for logs and errors (`grouplist 127.0.0.1:8091`).
    var description: String { get }
}
