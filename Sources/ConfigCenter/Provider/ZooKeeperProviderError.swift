public import Configuration

/// A value stored in ZooKeeper cannot be read as the type asked for.
///
/// swift-configuration's own `ConfigError` is not public, so the provider throws this. Its
/// description names the key and the type, never the value (it may be a secret).
public struct ZooKeeperProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration key (`store.mode`).
    public var key: String
    /// The type asked for.
    public var type: ConfigType

    /// An error about reading `key` as `type`.
    public init(key: String, type: ConfigType) {
        self.key = key
        self.type = type
    }

    /// `cannot read store.port as int`.
    public var description: String {
        "cannot read \(key) as \(type.rawValue): the value stored in ZooKeeper is not of that type"
    }
}
