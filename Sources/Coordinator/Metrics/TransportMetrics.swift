import Metrics

/// The transaction port's metrics: connected clients by role, and refused connections by reason.
struct TransportMetrics: Sendable {
    private let connections = Gauge(label: "coordinator_transport_connections")
    private let tms = Gauge(label: "coordinator_transport_clients", dimensions: [("role", "TM")])
    private let rms = Gauge(label: "coordinator_transport_clients", dimensions: [("role", "RM")])

    func connectionsChanged(_ counts: ClientRegistry.Counts) {
        connections.record(counts.connections)
        tms.record(counts.tms)
        rms.record(counts.rms)
    }

    /// Counts a connection closed by the server, or a frame refused.
    ///
    /// `reason` is a stable label (`wrong_magic`, `unsupported_codec`, `not_registered`, `idle`,
    /// …). Rare, so the counter is looked up each time.
    func refused(reason: String) {
        Counter(label: "coordinator_transport_refusals_total", dimensions: [("reason", reason)]).increment()
    }
}
