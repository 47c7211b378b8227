import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
public import ZooKeeper

/// A configuration in ZooKeeper, kept current: every change is read, validated against the
/// schema, and applied only when it is valid.
///
/// ```swift
/// let live = LiveConfig(session: session, layout: .perKey(root: "/seata"), loader: loader, logger: logger)
/// let initial = try await live.start()        // sync, load, arm watches
/// guard initial.report.isValid else { … }     // the caller decides whether to start
/// // run() as a ServiceLifecycle service (or in a task), then:
/// for await change in live.changes() { … }
/// ```
///
/// What it follows, and how:
/// - Per-key layout: a children watch on the root (keys added or removed) and a data watch on
///   each key; while the root is missing, an exists watch on it. Single-node layout: a data
///   watch on the node, or an exists watch while it is missing. Watches are one-shot; each is
///   re-armed by the read its event triggers, and a read that finds no node arms an exists
///   watch (and reads again if the node appeared meanwhile), so no change slips between a
///   read and its watch.
/// - Events are coalesced: everything that arrived while a round of reads ran is read in the
///   next round. Each event is answered by a fresh read, never by trusting the event, so a
///   burst of writes ends at the last value; a key's state never goes back to an older
///   version (znode `mzxid`).
/// - After a reconnect on the same session everything is re-read (pipelined, so cheap) and
///   what changed is published. After the session expires, `RenewingSession` makes a new one;
///   this then syncs, reloads everything and re-arms every watch.
/// - Each new state is loaded with the `ConfigLoader` (environment overrides and schema
///   defaults applied) and validated. A state with errors is rejected while the current
///   configuration is valid: `current` stays, `lastRejection` says why, and subscribers get
///   `.rejected`. When the current configuration is itself invalid, a state with no more
///   errors is accepted, so fixing things step by step works.
///
/// Logs one line per event through `logger`: keys and reasons, never a value.
public final class LiveConfig: Service, Sendable {
    /// The session reads go through; replaced by a new one after an expiry.
    public let session: RenewingSession
    /// Where the configuration lives.
    public let layout: ConfigLayout
    /// Turns what is stored into values with origins, overrides, defaults and a report.
    public let loader: ConfigLoader
    let logger: Logger
    let state: Mutex<State>

    struct State {
        var current: LoadedConfig
        var lastRejection: LiveConfigRejection?
        /// What `start()` read, with its armed watches, until `run()` takes it over.
        var tracker: ZNodeTracker?
        var started = false
        var driving = false
        var finished = false
        var subscribers: [UInt: AsyncStream<LiveConfigChange>.Continuation] = [:]
        var nextID: UInt = 0
    }

    /// A live configuration of `layout`, read through `session`; nothing is read before `start()`.
    public init(session: RenewingSession, layout: ConfigLayout, loader: ConfigLoader, logger: Logger) {
        self.session = session
        self.layout = layout
        self.loader = loader
        self.logger = logger
        let empty = LoadedConfig(
            source: layout.description,
            stored: nil,
            storedValues: ConfigValues(),
            overrides: ConfigValues(),
            effective: ConfigValues(),
            report: ValidationReport(problems: [])
        )
        self.state = Mutex(State(current: empty))
    }

    /// Loads the configuration (after a `sync`, so a seed just made through another member is
    /// seen) and arms the watches that `run()` then follows.
    ///
    /// Returns the loaded configuration even when it is invalid: the caller decides whether to
    /// start. Later calls return `current` without reading again.
    ///
    /// - Throws: `ZooKeeperError` from the reads; `ConfigLoadError` when the single node's
    ///   properties text cannot be parsed.
    @discardableResult
    public func start() async throws -> LoadedConfig {
        if let current = state.withLock({ $0.started ? $0.current : nil }) { return current }
        var tracker = ZNodeTracker(layout: layout, client: session.client, generation: 0)
        try await tracker.refresh(.init(sync: true, everything: true))
        let loaded = try loader.load(tracker.stored)
        let already = state.withLock { s -> LoadedConfig? in
            if s.started { return s.current }
            s.current = loaded
            s.tracker = tracker
            s.started = true
            return nil
        }
        if let already { return already }
        logger.info(
            "Config loaded",
            metadata: [
                "config.source": "\(loaded.source)",
                "config.keys": "\(loaded.storedValues.count)",
                "config.errors": "\(loaded.report.errors.count)",
            ]
        )
        return loaded
    }

    /// The last accepted configuration (empty before `start()`).
    public var current: LoadedConfig { state.withLock { $0.current } }

    /// The most recent rejected change while it is still the state of ZooKeeper; cleared when a
    /// later state is accepted or ZooKeeper goes back to the current configuration.
    public var lastRejection: LiveConfigRejection? { state.withLock { $0.lastRejection } }

    /// Changes after `start()`, accepted and rejected, in order, from the moment of this call.
    ///
    /// Any number of subscribers; each stream buffers what its consumer has not taken yet, and
    /// ends when `run()` ends.
    public func changes() -> AsyncStream<LiveConfigChange> {
        AsyncStream(bufferingPolicy: .unbounded) { continuation in
            let id: UInt? = state.withLock { s in
                if s.finished { return nil }
                defer { s.nextID += 1 }
                s.subscribers[s.nextID] = continuation
                return s.nextID
            }
            guard let id else {
                continuation.finish()
                return
            }
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
            }
        }
    }

    /// Keeps `current` up to date until the task is cancelled or a graceful shutdown begins.
    ///
    /// Calls `start()` first if nobody did (and throws what it throws). Once running, read
    /// failures are retried, never thrown. Only one call follows ZooKeeper; a second
    /// concurrent call (a provider and a service group both running it) just waits with it.
    public func run() async throws {
        let drives = state.withLock { s in
            if s.driving || s.finished { return false }
            s.driving = true
            return true
        }
        guard drives else {
            for await _ in changes().cancelOnGracefulShutdown() {}
            return
        }
        defer { finish() }
        try await start()
        guard
            let tracker = state.withLock({ s in
                defer { s.tracker = nil }
                return s.tracker
            })
        else { return }
        await cancelWhenGracefulShutdown { await self.follow(from: tracker) }
    }

    private func finish() {
        let subscribers = state.withLock { s in
            s.finished = true
            defer { s.subscribers = [:] }
            return Array(s.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
