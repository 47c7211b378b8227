import ConfigCenter
import Synchronization
import TransactionCore

/// The core's and the transport's settings as the running configuration says now, parsed once
/// per accepted change rather than on every request.
final class LiveSettings: Sendable {
    private struct Cached {
        var reloads: Int
        var core: CoreSettings
        var transport: TransportSettings
        var shutdownWait: Duration
    }

    private let state: RunningState
    private let cached: Mutex<Cached>

    init(state: RunningState) {
        self.state = state
        self.cached = Mutex(Self.parse(state, reloads: state.reloads))
    }

    var core: CoreSettings { current.core }
    var transport: TransportSettings { current.transport }
    /// `transport.shutdown.wait`: the longest a shutdown waits for requests in flight.
    var shutdownWait: Duration { current.shutdownWait }

    private var current: Cached {
        let reloads = state.reloads
        if let hit = cached.withLock({ $0.reloads == reloads ? $0 : nil }) { return hit }
        let fresh = Self.parse(state, reloads: reloads)
        cached.withLock { $0 = fresh }
        return fresh
    }

    private static func parse(_ state: RunningState, reloads: Int) -> Cached {
        let config = TypedConfig(values: state.applied, schema: state.schema)
        return Cached(
            reloads: reloads,
            core: CoreSettings(config),
            transport: TransportSettings(config),
            // Seata's key is in seconds (default 13 s); an integer here.
            shutdownWait: config.integer("transport.shutdown.wait").map { .seconds($0) } ?? .seconds(13)
        )
    }
}
