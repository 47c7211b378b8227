import ConfigCenter
import Foundation
import Synchronization
import ZooKeeper

/// What the running coordinator is: the configuration it applies, the changes waiting for a
/// restart, the last rejected change, the session and the store.
///
/// `/ready` and `/config` read it.
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
        var storeOpen = false
        /// Why the open store does not answer (db mode), if it does not.
        var storeProblem: String?
        var reloads = 0
        var draining = false
    }

    let schema: ConfigSchema
    private let state: Mutex<State>

    init(schema: ConfigSchema, startup: ConfigValues, warnings: [ValidationProblem] = []) {
        self.schema = schema
        self.state = Mutex(State(applied: startup, startup: startup, warnings: warnings))
    }

    var applied: ConfigValues { state.withLock { $0.applied } }
    var pending: [String: PendingChange] { state.withLock { $0.pending } }
    var rejection: Rejection? { state.withLock { $0.rejection } }
    var session: SessionState { state.withLock { $0.session } }
    var reloads: Int { state.withLock { $0.reloads } }
    /// The warnings of the configuration in force (renamed keys, keys with no effect, …).
    var warnings: [ValidationProblem] { state.withLock { $0.warnings } }

    func setSession(_ session: SessionState) { state.withLock { $0.session = session } }
    func setStoreOpen(_ open: Bool) { state.withLock { $0.storeOpen = open } }
    func setStoreProblem(_ problem: String?) { state.withLock { $0.storeProblem = problem } }
    func setDraining() { state.withLock { $0.draining = true } }

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
    func notReadyReasons() -> [String] {
        state.withLock { s in
            var reasons: [String] = []
            if !s.session.isConnected { reasons.append("ZooKeeper session is \(s.session)") }
            if !s.storeOpen { reasons.append("session store is not open") }
            if let problem = s.storeProblem { reasons.append(problem) }
            if s.draining { reasons.append("shutting down") }
            return reasons
        }
    }
}
