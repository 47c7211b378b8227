/// Which side of a Seata-style deployment reads a key: the coordinator (server), the
/// applications (client), or both.
public enum KeySide: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The transaction coordinator reads it.
    case server
    /// Applications (transaction managers and resource managers) read it.
    case client
    /// Both read it. As a validation side, it means "check every key as if read".
    case both

    /// Whether a key of this side is read by `reader`; a key nobody reads on that side keeps its
    /// type checked but cannot block that side (its problems become warnings).
    public func isRead(by reader: KeySide) -> Bool {
        self == .both || reader == .both || self == reader
    }

    /// The name as written in the schema: `server`, `client` or `both`.
    public var description: String { rawValue }
}
