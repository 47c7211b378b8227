import Metrics
import SeataProtocol
import TransactionCore

/// The core's events as metrics.
///
/// Transactions begun and ended by status, phase-two calls and their latency, lock conflicts. The
/// active and failed-final gauges are read from the store (`refreshGauges`), so they count every
/// coordinator on the store. Every handle is made once here: making a metric looks it up in the
/// registry and validates its name, too slow for every transaction.
struct TransactionMetrics: TransactionObserver {
    private let begun = Counter(label: "coordinator_transactions_begun_total")
    private let conflicts = Counter(label: "coordinator_lock_conflicts_total")
    private let active = Gauge(label: "coordinator_transactions_active")
    private let failedFinals = Gauge(label: "coordinator_transactions_failed_final")
    private let duration = Timer(label: "coordinator_transaction_duration_seconds", preferredDisplayUnit: .seconds)
    /// By `GlobalStatus.rawValue`.
    private let ended: [Counter]
    /// By call, then by answer (`BranchStatus.rawValue`, the last one for "unreachable").
    private let calls: [PhaseTwoCall: [Counter]]
    private let latency: [PhaseTwoCall: Timer]

    init() {
        ended = GlobalStatus.allCases.map {
            Counter(label: "coordinator_transactions_ended_total", dimensions: [("status", $0.description)])
        }
        var calls: [PhaseTwoCall: [Counter]] = [:]
        var latency: [PhaseTwoCall: Timer] = [:]
        for call in [PhaseTwoCall.commit, .rollback] {
            let answers = BranchStatus.allCases.map(\.description) + ["unreachable"]
            calls[call] = answers.map {
                Counter(
                    label: "coordinator_phase_two_calls_total",
                    dimensions: [("call", call.rawValue), ("answer", $0)]
                )
            }
            latency[call] = Timer(
                label: "coordinator_phase_two_latency_seconds",
                dimensions: [("call", call.rawValue)],
                preferredDisplayUnit: .seconds
            )
        }
        self.calls = calls
        self.latency = latency
    }

    func began(_ session: GlobalSession) {
        begun.increment()
    }

    func ended(_ session: GlobalSession, status: GlobalStatus, duration: Duration) {
        ended[Int(status.rawValue)].increment()
        self.duration.recordNanoseconds(duration.nanoseconds)
    }

    func branchCalled(_ branch: BranchSession, phase: PhaseTwoCall, answer: BranchStatus?, latency: Duration) {
        guard let counters = calls[phase] else { return }
        counters[answer.map { Int($0.rawValue) } ?? counters.count - 1].increment()
        self.latency[phase]?.recordNanoseconds(latency.nanoseconds)
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
