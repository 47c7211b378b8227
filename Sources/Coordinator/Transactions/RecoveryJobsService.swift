import ServiceLifecycle
import TransactionCore

/// Runs the core's recovery jobs while the coordinator runs, and keeps the active and
/// failed-final gauges current; stops on graceful shutdown.
struct RecoveryJobsService: Service {
    let core: TransactionCoordinator
    let metrics: TransactionMetrics

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await core.runRecoveryJobs() }
                group.addTask {
                    while !Task.isCancelled {
                        await metrics.refreshGauges(from: core)
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
            }
        }
    }
}
