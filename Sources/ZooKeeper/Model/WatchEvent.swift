/// What happened to a watched node.
///
/// A watch delivers at most one event.
public struct WatchEvent: Sendable, Hashable, CustomStringConvertible {
    /// The kind of change.
    public enum Kind: Sendable, Hashable {
        /// The node was created (only for watches set by `exists`).
        case created
        /// The node was deleted.
        case deleted
        /// The node's data changed.
        case dataChanged
        /// A child was added or removed.
        case childrenChanged
    }

    /// The kind of change.
    public var kind: Kind
    /// The watched path, as the client named it (without the connect string's chroot).
    public var path: String

    /// Creates an event; the client makes these.
    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// The kind and the path, as a log line would show them.
    public var description: String { "\(kind) \(path)" }
}

/// The state of a client's session, as reported on `ZooKeeperClient.sessionStates`.
public enum SessionState: Sendable, Hashable, CustomStringConvertible {
    /// Establishing the first connection.
    case connecting
    /// Connected; requests are served.
    case connected
    /// Connected to a read-only server (only when read-only mode was requested).
    case connectedReadOnly
    /// The connection was lost; the C library is reconnecting on the same session.
    /// Requests fail with connection loss until it is back. Watches and ephemerals survive
    /// if the session is re-established before the session timeout.
    case disconnected
    /// The server expired the session. Every request fails; ephemeral nodes and watches are
    /// gone. Make a new `ZooKeeperClient` and re-create them.
    case expired
    /// The server refused the session's credentials. Make a new client with other credentials.
    case authFailed
    /// `close()` was called.
    case closed

    /// True when requests can be served.
    public var isConnected: Bool { self == .connected || self == .connectedReadOnly }

    /// True when the session is over for good: no request will ever succeed again.
    public var isTerminal: Bool { self == .expired || self == .authFailed || self == .closed }

    /// A lower-case word, as logs and metrics show it.
    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .connected: "connected"
        case .connectedReadOnly: "connected-read-only"
        case .disconnected: "disconnected"
        case .expired: "expired"
        case .authFailed: "auth-failed"
        case .closed: "closed"
        }
    }
}
