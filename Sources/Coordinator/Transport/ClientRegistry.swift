import Synchronization

/// Every connection on the transaction port, and which RM connections serve which resource: the
/// coordinator's view of where phase two can go.
///
/// Phase two goes back over an RM's own connection. The branch records the client id that
/// registered it (`applicationId:ip:port`); when that connection is gone (the RM reconnected from
/// another port, or another instance of the application took over), the lookup falls back as
/// Seata's `ChannelManager.getChannel` does: the same application on the same host, then on any
/// host, then any application serving the resource.
final class ClientRegistry: Sendable {
    private struct State {
        var connections: [Int: ClientConnection] = [:]
        /// resourceId → connection id → connection, for RM connections only.
        var resources: [String: [Int: ClientConnection]] = [:]
    }

    private let state = Mutex(State())

    /// Counts for the metrics and the console.
    struct Counts: Sendable, Hashable {
        var connections = 0
        var tms = 0
        var rms = 0
    }

    func opened(_ connection: ClientConnection) {
        state.withLock { $0.connections[connection.id] = connection }
    }

    /// Indexes an RM connection's resources (after a RegisterRM).
    func indexResources(of connection: ClientConnection) {
        let resources = connection.current.resources
        state.withLock { state in
            for resource in resources { state.resources[resource, default: [:]][connection.id] = connection }
        }
    }

    func closed(_ connection: ClientConnection) {
        let resources = connection.current.resources
        state.withLock { state in
            state.connections.removeValue(forKey: connection.id)
            for resource in resources {
                state.resources[resource]?.removeValue(forKey: connection.id)
                if state.resources[resource]?.isEmpty == true { state.resources.removeValue(forKey: resource) }
            }
        }
    }

    var counts: Counts {
        let connections = state.withLock { Array($0.connections.values) }
        var counts = Counts(connections: connections.count)
        for connection in connections {
            let registration = connection.current
            if registration.tm != nil { counts.tms += 1 }
            if registration.rm != nil { counts.rms += 1 }
        }
        return counts
    }

    /// Every connection (for a shutdown that closes them).
    var all: [ClientConnection] { state.withLock { Array($0.connections.values) } }

    /// One RM connection per resource: where an UndoLogDelete for that resource goes.
    func oneConnectionPerResource() -> [(resourceId: String, connection: ClientConnection)] {
        state.withLock { state in
            state.resources.compactMap { resource, connections in
                connections.min { $0.key < $1.key }.map { (resource, $0.value) }
            }
        }
    }

    /// The connection phase two for a branch goes to, or nil when no RM serves its resource.
    ///
    /// - Parameters:
    ///   - resourceId: The branch's resource.
    ///   - clientId: The client id the branch was registered with.
    /// - Returns: The best connection, by Seata's order of preference.
    func connection(forResource resourceId: String, clientId: String) -> ClientConnection? {
        let candidates = state.withLock { state in state.resources[resourceId].map { Array($0.values) } ?? [] }
        guard !candidates.isEmpty else { return nil }
        // The connection that registered the branch, in the common case: no parsing.
        for candidate in candidates where candidate.current.rm?.clientId == clientId { return candidate }
        let wanted = ClientAddress(clientId: clientId)
        var sameHost: ClientConnection?
        var sameApplication: ClientConnection?
        var otherApplication: ClientConnection?
        for candidate in candidates {
            guard let identity = candidate.current.rm else { continue }
            guard let wanted, let address = ClientAddress(clientId: identity.clientId) else {
                otherApplication = otherApplication ?? candidate
                continue
            }
            if address.applicationId == wanted.applicationId {
                if address.ip == wanted.ip {
                    sameHost = sameHost ?? candidate
                } else {
                    sameApplication = sameApplication ?? candidate
                }
            } else {
                otherApplication = otherApplication ?? candidate
            }
        }
        return sameHost ?? sameApplication ?? otherApplication
    }
}
