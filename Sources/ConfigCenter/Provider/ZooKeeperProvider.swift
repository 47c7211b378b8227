public import Logging
public import ServiceLifecycle
import Synchronization
public import ZooKeeper

/// A swift-configuration provider that serves a configuration stored in ZooKeeper and follows
/// its changes live.
///
/// It wraps a `LiveConfig`, so what it serves is always the last *accepted* configuration: a
/// change that fails schema validation never reaches a reader. Keys map to Seata's names by
/// joining components with `.` (`config.string(forKey: "store.mode")` reads `/seata/store.mode`).
/// Values the schema marks secret (and, for keys it does not know, names that look like
/// credentials) are marked secret, so access logs redact them.
///
/// By default it serves only what is stored (an empty znode counts as unset), and leaves the
/// environment and defaults to the other providers of the `ConfigReader`:
///
/// ```swift
/// let zookeeper = try await ZooKeeperProvider.start(
///     connect: .init(connectString: "127.0.0.1:2181"),
///     layout: .perKey(root: "/seata"),
///     schema: schema,
///     logger: logger
/// )
/// let config = ConfigReader(providers: [
///     EnvironmentVariablesProvider(),        // STORE_MODE over
///     zookeeper,                             // /seata/store.mode over
///     SchemaDefaultsProvider(schema: schema, side: .server),
/// ])
/// // Run `zookeeper` in a ServiceGroup (or call run()) to follow changes.
/// ```
///
/// With `values: .effective` it serves what the coordinator runs with instead: stored values,
/// Seata-style environment overrides and schema defaults, all in this one provider.
public final class ZooKeeperProvider: Service, Sendable {
    /// Which values the provider serves.
    public enum Values: Sendable, Hashable {
        /// Only what ZooKeeper stores; environment and defaults come from other providers.
        case stored
        /// What the loader makes of it: stored values, environment overrides, schema defaults.
        case effective
    }

    /// The live configuration served.
    public let liveConfig: LiveConfig
    /// Which values are served.
    public let values: Values
    private let name: String
    private let ownsSession: Bool
    let storage: Mutex<Storage>

    struct Storage {
        var snapshot: TextConfigSnapshot
        var valueWatchers: [String: [UInt: AsyncStream<TextConfigSnapshot.Entry?>.Continuation]] = [:]
        var snapshotWatchers: [UInt: AsyncStream<TextConfigSnapshot>.Continuation] = [:]
        var nextID: UInt = 0
    }

    /// A provider over `liveConfig`, serving its `current` configuration.
    ///
    /// Call `liveConfig.start()` before reading (or use `start(connect:…)`), and run the
    /// provider (or the live config) to follow changes.
    public convenience init(liveConfig: LiveConfig, values: Values = .stored) {
        self.init(liveConfig: liveConfig, values: values, ownsSession: false)
    }

    private init(liveConfig: LiveConfig, values: Values, ownsSession: Bool) {
        self.liveConfig = liveConfig
        self.values = values
        self.ownsSession = ownsSession
        self.name = "ZooKeeperProvider[\(liveConfig.layout)]"
        self.storage = Mutex(Storage(snapshot: TextConfigSnapshot(providerName: name, entries: [:])))
        self.storage.withLock { $0.snapshot = self.snapshot(of: liveConfig.current) }
    }

    /// Connects to ZooKeeper (renewing the session after an expiry), loads the configuration
    /// and returns a provider ready to read; `run()` follows changes and closes the session
    /// when it ends.
    ///
    /// - Parameters:
    ///   - configuration: How to reach the ensemble.
    ///   - layout: Where the configuration lives.
    ///   - schema: Types, defaults and secrets; `ConfigSchema.permissive` accepts any key.
    ///   - side: Which side's keys count as read (for validation and defaults).
    ///   - values: Stored values only, or effective ones.
    ///   - environment: The environment for Seata-style overrides (`.effective` only); the
    ///     process's by default.
    ///   - logger: Where the live configuration logs its events.
    /// - Returns: A provider serving the configuration as loaded (valid or not).
    /// - Throws: `ZooKeeperError` when ZooKeeper cannot be reached or read; `ConfigLoadError`
    ///   for an unreadable single node. An invalid configuration is not an error: it is served.
    public static func start(
        connect configuration: ZooKeeperClient.Configuration,
        layout: ConfigLayout,
        schema: ConfigSchema = .permissive,
        side: KeySide = .both,
        values: Values = .stored,
        environment: [String: String]? = nil,
        logger: Logger
    ) async throws -> ZooKeeperProvider {
        let session = try await RenewingSession.connect(configuration)
        let live = LiveConfig(
            session: session,
            layout: layout,
            loader: ConfigLoader(schema: schema, side: side, environment: environment),
            logger: logger
        )
        do {
            try await live.start()
        } catch {
            await session.close()
            throw error
        }
        return ZooKeeperProvider(liveConfig: live, values: values, ownsSession: true)
    }

    /// Follows the configuration until cancelled or a graceful shutdown: runs the live config
    /// and hands each accepted change to the watchers.
    ///
    /// A provider made by `start(connect:…)` closes its session at the end.
    public func run() async throws {
        let changes = liveConfig.changes()
        defer { finishWatchers() }
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.liveConfig.run() }
                group.addTask {
                    // Whatever was accepted before this subscription, then every change. Each
                    // event serves `current`, not the event's config: events still buffered may
                    // be older than `current`, and a reader must never see the config go back.
                    self.update(to: self.liveConfig.current)
                    for await change in changes {
                        if case .accepted = change { self.update(to: self.liveConfig.current) }
                    }
                }
            }
        } catch {
            if ownsSession { await liveConfig.session.close() }
            throw error
        }
        if ownsSession { await liveConfig.session.close() }
    }

    /// The values served for a loaded configuration.
    private func snapshot(of config: LoadedConfig) -> TextConfigSnapshot {
        let source = values == .stored ? config.storedValues : config.effective
        let schema = liveConfig.loader.schema
        var entries: [String: TextConfigSnapshot.Entry] = [:]
        entries.reserveCapacity(source.count)
        for (key, value) in source.dictionary where !value.value.isEmpty {
            // A key the schema knows only by a pattern (any key, for the permissive schema)
            // is still secret when its name looks like a credential.
            let isSecret =
                schema.isSecret(key) || (schema.keys[key] == nil && ConfigSchema.looksSecret(key))
                || CredentialMask.containsCredentials(value.value)
            entries[key] = .init(text: value.value, isSecret: isSecret)
        }
        return TextConfigSnapshot(providerName: name, entries: entries)
    }

    /// Serves `config` from now on and tells the watchers whose values changed.
    private func update(to config: LoadedConfig) {
        let next = snapshot(of: config)
        typealias ValueWatcher = AsyncStream<TextConfigSnapshot.Entry?>.Continuation
        let (valueUpdates, snapshotWatchers) = storage.withLock {
            s -> ([(ValueWatcher, TextConfigSnapshot.Entry?)], [AsyncStream<TextConfigSnapshot>.Continuation]) in
            let previous = s.snapshot
            guard previous != next else { return ([], []) }
            s.snapshot = next
            var updates: [(ValueWatcher, TextConfigSnapshot.Entry?)] = []
            for (key, watchers) in s.valueWatchers where previous.entries[key] != next.entries[key] {
                for watcher in watchers.values { updates.append((watcher, next.entries[key])) }
            }
            return (updates, Array(s.snapshotWatchers.values))
        }
        for (watcher, entry) in valueUpdates { watcher.yield(entry) }
        for watcher in snapshotWatchers { watcher.yield(next) }
    }

    private func finishWatchers() {
        let (valueWatchers, snapshotWatchers) = storage.withLock { s in
            (s.valueWatchers.values.flatMap { Array($0.values) }, Array(s.snapshotWatchers.values))
        }
        for watcher in valueWatchers { watcher.finish() }
        for watcher in snapshotWatchers { watcher.finish() }
    }
}
