import Logging
import PostgresNIO
import Synchronization

/// The bounds of a pool's calls (`store.db.maxWait` to get a connection, `callBound` to run on
/// it), kept by one watchdog for all of them: timers per call cost more CPU than the statements
/// they guard once calls come by the thousand per second.
///
/// Each call is a record from `register` to `end`. Whoever removes the record answers the
/// caller: the call when it finishes, or the watchdog when a bound passed first (the call's
/// later result is dropped).
final class CallWatch: Sendable {
    /// What the watchdog enforces.
    struct Bounds: Sendable {
        var maxWait: Duration
        var callBound: Duration
        var endpoint: String
    }

    /// How often the watchdog looks: the bounds hold to within this.
    static let tick: Duration = .milliseconds(50)
    /// How long past `callBound` (its connection closed) a call's caller still waits for it.
    static let grace: Duration = .seconds(2)

    private struct Call {
        var registered: ContinuousClock.Instant
        var leasedAt: ContinuousClock.Instant?
        var connection: PostgresConnection?
        var closing = false
        var fail: @Sendable (any Error) -> Void
        var task: Task<Void, Never>?
    }

    private struct Calls {
        var next: UInt64 = 0
        var open: [UInt64: Call] = [:]
    }

    private let calls = Mutex(Calls())

    /// Starts a call's record; `fail` answers its caller if a bound passes first.
    func register(fail: @escaping @Sendable (any Error) -> Void) -> UInt64 {
        let now = ContinuousClock.now
        return calls.withLock { calls in
            calls.next += 1
            calls.open[calls.next] = Call(registered: now, fail: fail)
            return calls.next
        }
    }

    /// The task running the call: cancelled if the call times out waiting, which withdraws its
    /// request for a connection (otherwise requests would pile up while the server is away).
    func attach(_ id: UInt64, _ task: Task<Void, Never>) {
        calls.withLock { $0.open[id]?.task = task }
    }

    /// The call got `connection`; false when it had already timed out waiting.
    func leased(_ id: UInt64, _ connection: PostgresConnection) -> Bool {
        let now = ContinuousClock.now
        return calls.withLock { calls in
            guard calls.open[id] != nil else { return false }
            calls.open[id]?.leasedAt = now
            calls.open[id]?.connection = connection
            return true
        }
    }

    /// Ends the call's record; true when it was still open (the caller answers its caller).
    func end(_ id: UInt64) -> Bool {
        calls.withLock { $0.open.removeValue(forKey: id) != nil }
    }

    /// Keeps the bounds until cancelled.
    func watch(_ bounds: Bounds, logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.tick)
            let now = ContinuousClock.now
            var failures: [(@Sendable (any Error) -> Void, any Error)] = []
            var withdrawn: [Task<Void, Never>] = []
            var closing: [PostgresConnection] = []
            let waitedTooLong = ConnectionPool.WaitTimeout(maxWait: bounds.maxWait, endpoint: bounds.endpoint)
            let ranTooLong = ConnectionPool.StuckCall(bound: bounds.callBound, endpoint: bounds.endpoint)
            calls.withLock { calls in
                for (id, call) in calls.open {
                    guard let leasedAt = call.leasedAt else {
                        if now - call.registered > bounds.maxWait {
                            calls.open[id] = nil
                            failures.append((call.fail, waitedTooLong))
                            if let task = call.task { withdrawn.append(task) }
                        }
                        continue
                    }
                    if now - leasedAt > bounds.callBound + Self.grace {
                        calls.open[id] = nil
                        failures.append((call.fail, ranTooLong))
                    } else if now - leasedAt > bounds.callBound, !call.closing, let connection = call.connection {
                        calls.open[id]?.closing = true
                        closing.append(connection)
                    }
                }
            }
            for (fail, error) in failures { fail(error) }
            for task in withdrawn { task.cancel() }
            for connection in closing {
                logger.warning(
                    "A session database call did not finish within \(bounds.callBound.millisecondsText); closing its connection to \(bounds.endpoint)"
                )
                Task { try? await connection.close() }
            }
        }
    }
}
