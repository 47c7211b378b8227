import SeataProtocol
import Synchronization

/// The client's coordinators and their registered connections: which connection carries a request.
///
/// A request about an xid goes to the coordinator named by the xid's `ip:port` prefix, which owns
/// the transaction. A request without an xid (begin), or for an xid whose coordinator is unknown
/// or not connected, goes to the connected coordinators in turn, as Seata's clients balance begin.
/// One lock, held for a few comparisons per request.
final class Router: Sendable {
    private struct Entry {
        var address: CoordinatorAddress
        var key: String
        /// `ip:port` as connected, when the configured host is a name.
        var peerKey: String?
        var channels: [SeataClientRole: CoordinatorChannel] = [:]
        /// The last failure to connect or register, per role, until the next success.
        var failures: [SeataClientRole: String] = [:]
        /// Roles whose first attempt has ended, in success or failure.
        var attempted: Set<SeataClientRole> = []

        func names(_ xid: String) -> Bool {
            Router.xid(xid, startsWith: key) || peerKey.map { Router.xid(xid, startsWith: $0) } == true
        }
    }

    private struct State {
        var entries: [Entry] = []
        var turn = 0
        var shutDown = false
    }

    private let state = Mutex(State())

    // MARK: Requests

    /// The connection for a request of `role`, about `xid` when given.
    func channel(for role: SeataClientRole, xid: String?, request: MessageTypeCode) throws -> CoordinatorChannel {
        try state.withLock { state in
            if state.shutDown {
                throw SeataClientError(.shutDown, message: "the client was shut down", request: request)
            }
            if let xid, !xid.isEmpty {
                for entry in state.entries where entry.names(xid) {
                    if let channel = entry.channels[role] { return channel }
                    break
                }
            }
            let count = state.entries.count
            for offset in 0..<count {
                let index = (state.turn &+ offset) % count
                if let channel = state.entries[index].channels[role] {
                    state.turn = index &+ 1
                    return channel
                }
            }
            throw notConnected(state, role: role, request: request)
        }
    }

    /// The registered connections of a role.
    func channels(for role: SeataClientRole) -> [CoordinatorChannel] {
        state.withLock { state in state.entries.compactMap { $0.channels[role] } }
    }

    // MARK: Coordinators coming and going

    /// Replaces the list of coordinators; returns those added and those removed.
    func setCoordinators(_ addresses: [CoordinatorAddress]) -> (
        added: [CoordinatorAddress], removed: [CoordinatorAddress]
    ) {
        state.withLock { state in
            var unique: [CoordinatorAddress] = []
            for address in addresses where !unique.contains(address) {
                unique.append(address)
            }
            let removed = state.entries.map(\.address).filter { !unique.contains($0) }
            let added = unique.filter { address in !state.entries.contains { $0.address == address } }
            state.entries.removeAll { removed.contains($0.address) }
            for address in added {
                state.entries.append(Entry(address: address, key: address.description))
            }
            return (added, removed)
        }
    }

    /// A connection registered: requests may use it.
    func attach(_ channel: CoordinatorChannel, to address: CoordinatorAddress) {
        let peerKey = channel.peerKey
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.address == address }) else { return }
            state.entries[index].channels[channel.role] = channel
            state.entries[index].failures[channel.role] = nil
            state.entries[index].attempted.insert(channel.role)
            if let peerKey { state.entries[index].peerKey = peerKey }
        }
    }

    /// A connection closed: requests no longer use it.
    func detach(_ channel: CoordinatorChannel, from address: CoordinatorAddress) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.address == address }),
                let current = state.entries[index].channels[channel.role], current.isSame(as: channel)
            else { return }
            state.entries[index].channels[channel.role] = nil
        }
    }

    /// An attempt to connect or register failed.
    func recordFailure(_ description: String, address: CoordinatorAddress, role: SeataClientRole) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.address == address }) else { return }
            state.entries[index].failures[role] = description
            state.entries[index].attempted.insert(role)
        }
    }

    /// From now on every request fails with ``SeataClientError/Code/shutDown``.
    func shutDown() {
        state.withLock { $0.shutDown = true }
    }

    // MARK: Readiness

    /// Whether every coordinator has been tried for every role and each role has a connection.
    func isReady(for roles: [SeataClientRole]) -> Bool {
        state.withLock { state in
            guard !state.entries.isEmpty else { return false }
            for role in roles {
                guard state.entries.contains(where: { $0.channels[role] != nil }) else { return false }
                guard state.entries.allSatisfy({ $0.attempted.contains(role) }) else { return false }
            }
            return true
        }
    }

    /// Whether each role has at least one connection.
    func hasConnection(for roles: [SeataClientRole]) -> Bool {
        state.withLock { state in
            roles.allSatisfy { role in state.entries.contains { $0.channels[role] != nil } }
        }
    }

    /// The error for "no connection", with what is known of each coordinator.
    func notConnectedError(role: SeataClientRole, request: MessageTypeCode?) -> SeataClientError {
        state.withLock { notConnected($0, role: role, request: request) }
    }

    /// The connected coordinators of a role (`host:port`).
    func connected(for role: SeataClientRole) -> [CoordinatorAddress] {
        state.withLock { state in state.entries.filter { $0.channels[role] != nil }.map(\.address) }
    }

    private func notConnected(_ state: State, role: SeataClientRole, request: MessageTypeCode?) -> SeataClientError {
        guard !state.entries.isEmpty else {
            return SeataClientError(
                .notConnected,
                message: "no coordinator known yet: check the grouplist or the registry",
                request: request
            )
        }
        let details = state.entries.map { entry in
            "\(entry.key): \(entry.failures[role] ?? (entry.attempted.contains(role) ? "disconnected" : "connecting"))"
        }
        return SeataClientError(
            .notConnected,
            message: "no \(role) connection is registered (\(details.joined(separator: "; "))); "
                + "the client goes on trying: check that the coordinator runs and is reachable",
            request: request,
            coordinator: state.entries.count == 1 ? state.entries[0].key : nil
        )
    }

    /// Whether `xid` is `<key>:<transactionId>`; compares bytes, allocates nothing.
    static func xid(_ xid: String, startsWith key: String) -> Bool {
        let xidBytes = xid.utf8
        let keyBytes = key.utf8
        guard xidBytes.starts(with: keyBytes) else { return false }
        let next = xidBytes.index(xidBytes.startIndex, offsetBy: keyBytes.count)
        return next < xidBytes.endIndex && xidBytes[next] == UInt8(ascii: ":")
    }
}
