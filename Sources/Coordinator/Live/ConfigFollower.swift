import ConfigCenter
import Logging
import ServiceLifecycle

/// Follows configuration changes while the coordinator runs: dynamic keys take effect at
/// once, keys that need a restart are shown as pending, and an invalid change is refused
/// (the last good configuration keeps running) and reported on `/ready`, `/config`, the
/// log and the metrics.
struct ConfigFollower: Service {
    let live: LiveConfig
    let state: RunningState
    let metrics: CoordinatorMetrics
    let logger: Logger

    func run() async throws {
        let schema = state.schema
        for await change in live.changes().cancelOnGracefulShutdown() {
            switch change {
            case .accepted(let config, let changedKeys):
                let outcome = state.accept(
                    config.effective,
                    changedKeys: changedKeys,
                    warnings: config.report.warnings
                )
                metrics.reloads.increment()
                metrics.pendingRestartKeys.record(state.pending.count)
                let shown = changedKeys.sorted()
                    .map { key in
                        "\(key)=\(schema.redact(key: key, value: config.effective[key]?.value ?? "<unset>"))"
                    }
                if changedKeys.isEmpty {
                    logger.info("ZooKeeper is back to the running configuration; the rejected change is gone")
                } else {
                    let waiting =
                        outcome.pending.isEmpty
                        ? "" : "; waiting for a restart: \(outcome.pending.joined(separator: ", "))"
                    logger.info("Configuration change applied: \(shown.joined(separator: ", "))\(waiting)")
                }
            case .rejected(let rejection):
                let problems = rejection.report.errors.map { $0.line() }
                state.reject(keys: rejection.changedKeys.sorted(), problems: problems)
                metrics.rejectedChanges.increment()
                let reasons = problems.joined(separator: " | ")
                logger.error("Configuration change rejected, keeping the last good configuration: \(reasons)")
            }
        }
    }
}
