public import Configuration

/// A swift-configuration provider of the schema's default values: the bottom of a
/// `ConfigReader` stack, under the environment and `ZooKeeperProvider`.
///
/// Defaults are text in the schema and are converted to the type asked for, as
/// `ZooKeeperProvider` converts stored values, so `config.int(forKey: "server.port")` works
/// whichever provider answers. Secrets are marked as the schema says.
public struct SchemaDefaultsProvider: ConfigProvider, Sendable {
    private let defaults: TextConfigSnapshot

    /// The defaults of the keys that `side` reads.
    public init(schema: ConfigSchema, side: KeySide = .server) {
        var entries: [String: TextConfigSnapshot.Entry] = [:]
        for (key, value) in schema.defaults(for: side) where !value.value.isEmpty {
            entries[key] = .init(text: value.value, isSecret: schema.isSecret(key))
        }
        defaults = TextConfigSnapshot(providerName: "SchemaDefaultsProvider", entries: entries)
    }

    /// `SchemaDefaultsProvider`.
    public var providerName: String { defaults.providerName }

    /// The default of `key`, converted to `type`; nil content when the schema gives none.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        try defaults.value(forKey: key, type: type)
    }

    /// The default of `key` (defaults never change).
    public func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
        try value(forKey: key, type: type)
    }

    /// The default of `key`, once (defaults never change).
    public func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey,
        type: ConfigType,
        updatesHandler: (
            _ updates: ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>
        ) async throws -> Return
    ) async throws -> Return {
        try await watchValueFromValue(forKey: key, type: type, updatesHandler: updatesHandler)
    }

    /// Every default.
    public func snapshot() -> any ConfigSnapshot { defaults }

    /// Every default, once (defaults never change).
    public func watchSnapshot<Return: ~Copyable>(
        updatesHandler: (_ updates: ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchSnapshotFromSnapshot(updatesHandler: updatesHandler)
    }
}
