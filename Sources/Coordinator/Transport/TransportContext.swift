import Logging
import Synchronization

/// What every connection handler on the transaction port shares.
struct TransportContext: Sendable {
    let registry: ClientRegistry
    let dispatcher: RequestDispatcher
    let metrics: TransportMetrics
    let settings: @Sendable () -> TransportSettings
    let logger: Logger
    let inFlight = InFlightRequests()
}

/// How many client requests are being answered right now: a graceful shutdown waits for them.
final class InFlightRequests: Sendable {
    private let count = Atomic<Int>(0)

    var current: Int { count.load(ordering: .relaxed) }

    func started() { count.wrappingAdd(1, ordering: .relaxed) }
    func finished() { count.wrappingSubtract(1, ordering: .relaxed) }
}
