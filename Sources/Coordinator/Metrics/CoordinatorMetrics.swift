import Metrics
import Prometheus
import ZooKeeper

/// The coordinator's metrics, recorded through swift-metrics and served as Prometheus text.
///
/// `bootstrap()` makes a Prometheus registry the process's metrics backend; the ops endpoints'
/// request counts and latency (`OpsRequestMetrics`) and the transaction metrics land beside these.
public final class CoordinatorMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    let reloads = Counter(label: "coordinator_config_reloads_total")
    let rejectedChanges = Counter(label: "coordinator_config_rejected_changes_total")
    let sessionRenewals = Counter(label: "coordinator_zookeeper_session_renewals_total")
    let pendingRestartKeys = Gauge(label: "coordinator_config_pending_restart_keys")
    let ready = Gauge(label: "coordinator_ready")

    private static let states: [SessionState] = [
        .connecting, .connected, .connectedReadOnly, .disconnected, .expired, .authFailed, .closed,
    ]

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Makes the process's metrics backend a Prometheus registry (once per process).
    public static func bootstrap() -> CoordinatorMetrics {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return CoordinatorMetrics(registry: registry)
    }

    /// Records the ZooKeeper session state: 1 for the current one, 0 for the others.
    func record(_ state: SessionState) {
        for candidate in Self.states {
            Gauge(label: "coordinator_zookeeper_session_state", dimensions: [("state", candidate.description)])
                .record(candidate == state ? 1 : 0)
        }
    }

    /// Everything, in the Prometheus text format.
    func render() -> String {
        registry.emitToString()
    }
}
