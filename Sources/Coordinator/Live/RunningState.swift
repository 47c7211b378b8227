import ConfigCenter
import Foundation
import Synchronization
import ZooKeeper

/// What the running coordinator is: the configuration it applies, the changes waiting for a
/// restart, the last rejected change, the session and the store.
///
/// `/ready` and `/config` read it. Readiness is "this instance can serve": a ZooKeeper
/// disconnect shorter than the session timeout does not end it (the configuration in force is
/// cached, the last good one, and the session with its registration survives a reconnect in
/// time); a disconnect longer than that, or an expiry not yet renewed, does (the session and the
/// registration are gone), as do a closed store and shutting down.
final class RunningState: Sendable {
    struct PendingChange: Sendable, Hashable {
        var value: SourcedValue
    }

    struct Rejection: Sendable {
        var at: Date
        var keys: [String]
        var problems: [String]
    }

    private struct State {
        var applied: ConfigValues
        var startup: ConfigValues
        var warnings: [ValidationProblem] = []
        var pending: [String: PendingChange] = [:]
        var rejection: Rejection?
        var session: SessionState = .connected
        /// When the connection was lost; nil while connected.
        var disconnectedAt: ContinuousClock.Instant?
        /// The session expired (or its credentials were refused) and is not renewed yet.
        var sessionLost = false
        var storeOpen = false
        /// The service group runs (its signal handlers are set: a SIGTERM drains from then on).
        var serving = false
        /// Why the open store does not answer (db mode), if it does not.
        var storeProblem: String?
        var reloads = 0
        var draining = false
    }

    /// What `/ready` says of ZooKeeper.
    struct ZooKeeperStatus: Encodable, Sendable {
        /// The session state as the metrics name it (`connected`, `disconnected`, `expired`).
        var state: String
        /// How long the connection has been lost, in seconds; nil while connected.
        var disconnectedSeconds: Double?
        /// The session timeout: a disconnect shorter than this keeps the session.
        var sessionTimeoutSeconds: Double
        /// Whether the session is gone (expired, or disconnected past its timeout) and not renewed.
        var sessionLost: Bool
    }

    let schema: ConfigSchema
    /// The ZooKeeper session timeout; nil when the configuration is a local file.
    let sessionTimeout: Duration?
    private let state: Mutex<State>

    init(
        schema: ConfigSchema,
        startup: ConfigValues,
        warnings: [ValidationProblem] = [],
        sessionTimeout: Duration? = nil
    ) {
        self.schema = schema
        self.sessionTimeout = sessionTimeout
        self.state = Mutex(State(applied: startup, startup: startup, warnings: warnings))
    }

    var applied: ConfigValues { state.withLock { $0.applied } }
    var pending: [String: PendingChange] { state.withLock { $0.pending } }
    var rejection: Rejection? { state.withLock { $0.rejection } }
    var session: SessionState { state.withLock { $0.session } }
    var reloads: Int { state.withLock { $0.reloads } }
    /// The warnings of the configuration in force (renamed keys, keys with no effect, …).
    var warnings: [ValidationProblem] { state.withLock { $0.warnings } }

    func setSession(_ session: SessionState, at now: ContinuousClock.Instant = .now) {
        state.withLock { s in
            s.session = session
            switch session {
            case .connected, .connectedReadOnly:
                s.disconnectedAt = nil
                s.sessionLost = false
            case .disconnected, .connecting:
                if s.disconnectedAt == nil { s.disconnectedAt = now }
            case .expired, .authFailed:
                if s.disconnectedAt == nil { s.disconnectedAt = now }
                s.sessionLost = true
            case .closed:
                break
            }
        }
    }

    /// The ZooKeeper connection as `/ready` shows it; nil when the configuration is a local file.
    func zooKeeperStatus(at now: ContinuousClock.Instant = .now) -> ZooKeeperStatus? {
        guard let timeout = sessionTimeout else { return nil }
        return state.withLock { s in
            let down = s.disconnectedAt.map { now - $0 }
            return ZooKeeperStatus(
                state: s.session.description,
                disconnectedSeconds: down.map(Self.seconds),
                sessionTimeoutSeconds: Self.seconds(timeout),
                sessionLost: s.sessionLost || (down.map { $0 > timeout } ?? false)
            )
        }
    }
    func setStoreOpen(_ open: Bool) { state.withLock { $0.storeOpen = open } }
    func setStoreProblem(_ problem: String?) { state.withLock { $0.storeProblem = problem } }
    func setDraining() { state.withLock { $0.draining = true } }
    func setServing() { state.withLock { $0.serving = true } }

    /// Applies an accepted configuration: dynamic keys take effect now; a key that needs a
    /// restart keeps its startup value and is listed as pending (until it is changed back).
    ///
    /// - Returns: The keys applied now and the keys left pending.
    @discardableResult
    func accept(
        _ effective: ConfigValues,
        changedKeys: Set<String>,
        warnings: [ValidationProblem]
    ) -> (applied: [String], pending: [String]) {
        state.withLock { s in
            s.warnings = warnings
            var appliedKeys: [String] = []
            var pendingKeys: [String] = []
            var next = s.applied
            for key in changedKeys.sorted() {
                let restart = schema.spec(for: key)?.restartRequired ?? false
                if restart {
                    if effective[key]?.value == s.startup[key]?.value {
                        s.pending.removeValue(forKey: key)
                        next[key] = s.startup[key]
                    } else if let value = effective[key] {
                        s.pending[key] = PendingChange(value: value)
                        pendingKeys.append(key)
                    } else {
                        s.pending[key] = PendingChange(value: SourcedValue("", origin: .schemaDefault))
                        pendingKeys.append(key)
                    }
                } else {
                    next[key] = effective[key]
                    appliedKeys.append(key)
                }
            }
            s.applied = next
            s.rejection = nil
            s.reloads += 1
            return (appliedKeys, pendingKeys)
        }
    }

    /// Records a rejected change; the applied configuration stays.
    func reject(keys: [String], problems: [String]) {
        state.withLock { $0.rejection = Rejection(at: Date(), keys: keys, problems: problems) }
    }

    /// Why the coordinator is not ready; empty when it is.
    func notReadyReasons(at now: ContinuousClock.Instant = .now) -> [String] {
        state.withLock { s in
            var reasons: [String] = []
            if !s.serving { reasons.append("starting") }
            if let timeout = sessionTimeout {
                let down = s.disconnectedAt.map { now - $0 }
                if s.sessionLost {
                    reasons.append("ZooKeeper session expired (or its credentials were refused) and is not renewed yet")
                } else if let down, down > timeout {
                    reasons.append(
                        "ZooKeeper disconnected for \(Self.text(down)), longer than the session timeout "
                            + "\(Self.text(timeout)): the session is lost (and this instance's registration with it) "
                            + "until ZooKeeper is reachable again"
                    )
                }
            }
            if !s.storeOpen { reasons.append("session store is not open") }
            if let problem = s.storeProblem { reasons.append(problem) }
            if s.draining { reasons.append("shutting down") }
            return reasons
        }
    }

    /// Seconds, to a tenth.
    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 10).rounded() / 10
    }

    /// `8 s`, `9.2 s`.
    private static func text(_ duration: Duration) -> String {
        let value = seconds(duration)
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
