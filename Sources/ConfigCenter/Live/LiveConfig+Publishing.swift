import Foundation
import Logging

extension LiveConfig {
    /// Loads and validates a state read from ZooKeeper, applies or rejects it, tells the
    /// subscribers and logs one line.
    func evaluate(_ stored: StoredConfig) {
        let candidate: LoadedConfig
        let readable: Bool
        do {
            candidate = try loader.load(stored)
            readable = true
        } catch {
            candidate = unreadable(stored, error)
            readable = false
        }
        let (change, subscribers) = state.withLock {
            s -> (LiveConfigChange?, [AsyncStream<LiveConfigChange>.Continuation]) in
            let changed = ChangeDecision.changedKeys(from: s.current, to: candidate)
            let change: LiveConfigChange?
            if readable && changed.isEmpty {
                // Nothing that runs changed (a write of the same value, or a revert of a
                // rejected change): keep the fresher versions; end a rejection if there was one.
                s.current = candidate
                change = s.lastRejection == nil ? nil : .accepted(candidate, changedKeys: [])
                s.lastRejection = nil
            } else if readable && ChangeDecision.accepts(candidate, over: s.current) {
                s.current = candidate
                s.lastRejection = nil
                change = .accepted(candidate, changedKeys: changed)
            } else if let last = s.lastRejection, last.candidate.effective == candidate.effective,
                last.report == candidate.report
            {
                s.lastRejection?.candidate = candidate  // the same rejected state, read again
                change = nil
            } else {
                let rejection = LiveConfigRejection(
                    candidate: candidate,
                    changedKeys: changed,
                    report: candidate.report
                )
                s.lastRejection = rejection
                change = .rejected(rejection)
            }
            return (change, change.map { _ in Array(s.subscribers.values) } ?? [])
        }
        guard let change else { return }
        for subscriber in subscribers { subscriber.yield(change) }
        log(change)
    }

    /// A candidate for a single node whose properties text cannot be parsed: always rejected.
    private func unreadable(_ stored: StoredConfig, _ error: any Error) -> LoadedConfig {
        let path = layout.basePath
        let problem = ValidationProblem(
            key: path,
            kind: .wrongType,
            severity: .error,
            message: "the properties text cannot be read: \(error)",
            origin: .znode(path: path),
            suggestion: "write the node again as a Java properties text"
        )
        return LoadedConfig(
            source: layout.description,
            stored: stored,
            storedValues: ConfigValues(),
            overrides: ConfigValues(),
            effective: ConfigValues(),
            report: ValidationReport(problems: [problem])
        )
    }

    private func log(_ change: LiveConfigChange) {
        switch change {
        case .accepted(let config, let keys):
            logger.info(
                keys.isEmpty
                    ? "Config back to the current state; the rejected change is gone" : "Config change accepted",
                metadata: metadata.merging(
                    ["config.changed": "\(Self.list(keys))", "config.warnings": "\(config.report.warnings.count)"]
                ) { $1 }
            )
        case .rejected(let rejection):
            logger.warning(
                "Config change rejected; keeping the last good config",
                metadata: metadata.merging(
                    [
                        "config.changed": "\(Self.list(rejection.changedKeys))",
                        "config.problems": "\(rejection.reasons.prefix(10).joined(separator: "; "))",
                    ]
                ) { $1 }
            )
        }
    }

    /// Keys for a log line: sorted, at most 20, then a count.
    private static func list(_ keys: Set<String>) -> String {
        let sorted = keys.sorted()
        guard sorted.count > 20 else { return sorted.joined(separator: ", ") }
        return sorted.prefix(20).joined(separator: ", ") + " … (\(sorted.count) keys)"
    }
}
