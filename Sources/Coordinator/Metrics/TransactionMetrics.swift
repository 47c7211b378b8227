import Metrics
import SeataProtocol
import TransactionCore

/// The core's events as metrics.
///
/// Transactions begun and ended by status, phase-two calls and their latency, lock conflicts. The active and failed-final gauges are read from the store
/// when `/metrics` is served (`refreshGauges`), so they count every coordinator on the store.
struct TransactionMetrics: TransactionObserver {
    private let begun = Counter(label: "coordinator_transactions_begun_total")
    private let conflicts = Counter(label: "coordinator_lock_conflicts_total")
    private let active = Gauge(label: "coordinator_transactions_active")
    private let failedFinals = Gauge(label: "coordinator_transactions_failed_final")

    func began(_ session: GlobalSession) {
        begun.increment()
    }

    func ended(_ session: GlobalSession, status: GlobalStatus, duration: Duration) {
        Counter(label: "coordinator_transactions_ended_total", dimensions: [("status", status.description)])
            .increment()
        Timer(label: "coordinator_transaction_duration_seconds", preferredDisplayUnit: .seconds)
            .recordNanoseconds(duration.nanoseconds)
    }

    func branchCalled(_ branch: BranchSession, phase: PhaseTwoCall, answer: BranchStatus?, latency: Duration) {
        let outcome = answer.map(\.description) ?? "unreachable"
        Counter(
            label: "coordinator_phase_two_calls_total",
            dimensions: [("call", phase.rawValue), ("answer", outcome)]
        )
        .increment()
        Timer(
            label: "coordinator_phase_two_latency_seconds",
            dimensions: [("call", phase.rawValue)],
            preferredDisplayUnit: .seconds
        )
        .recordNanoseconds(latency.nanoseconds)
    }

    func lockConflicted(_ branch: BranchSession, conflict: LockConflict) {
        conflicts.increment()
    }

    /// Reads the active and failed-final counts from the store into their gauges.
    func refreshGauges(from core: TransactionCoordinator) async {
        if let count = try? await core.unfinishedCount() { active.record(count) }
        if let count = try? await core.failedFinalCount() { failedFinals.record(count) }
    }
}
