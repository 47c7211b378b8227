import Logging
import Synchronization

/// The ends of sessions whose phase two is complete, sent to the database after the TM has its
/// answer (`DatabaseStore.deleteGlobal`).
///
/// Why: the end cannot change the answer (every branch has answered), and waiting for its
/// statement was a round trip and a place in the end batch's queue on every transaction's path.
/// An end that fails, or finds the session no longer in the status it expected (another
/// coordinator's recovery drove it meanwhile), leaves the row to the recovery jobs; it is
/// logged. `drain` lets a closing store finish what is under way.
final class BackgroundEnds: Sendable {
    private let running = Atomic<Int>(0)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// How many ends are at the database.
    var count: Int { running.load(ordering: .acquiring) }

    /// Runs `end` in the background; it answers whether the session was deleted.
    func start(xid: String, _ end: @escaping @Sendable () async throws -> Bool) {
        running.add(1, ordering: .acquiringAndReleasing)
        let logger = logger
        Task {
            defer { running.subtract(1, ordering: .acquiringAndReleasing) }
            do {
                if try await !end() {
                    logger.debug("The end of global session xid = \(xid) found it changed; the recovery jobs have it")
                }
            } catch {
                logger.warning(
                    "Could not remove ended global session xid = \(xid): \(error); the recovery jobs will finish it"
                )
            }
        }
    }

    /// Waits until no end is at the database, or `bound` has passed.
    func drain(within bound: Duration) async {
        let deadline = ContinuousClock.now + bound
        while count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
