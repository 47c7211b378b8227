import Logging
import Synchronization

/// The ends of sessions whose phase two is complete, sent to the database after the TM has its
/// answer (`DatabaseStore.deleteGlobal`).
///
/// Why: the end cannot change the answer (every branch has answered), and waiting for its
/// statement was a round trip and a place in the end batch's queue on every transaction's path.
/// Nobody waits for them, so they gather for a while (`SessionBatches.endLinger`) and go out
/// in fewer, larger statements.
///
/// Until its statement has run, a session being ended is not read back by this store
/// (`contains`): it has ended, and the xid's lock is no longer held, so a recovery job reading
/// the row meanwhile would drive its phase two again. An end that fails, or finds the session
/// no longer in the status it expected (another coordinator's recovery drove it meanwhile),
/// leaves the row to the recovery jobs; it is logged. `drain` lets a closing store finish what
/// is under way.
final class BackgroundEnds: Sendable {
    /// Ends a session in the background; the answer says whether it was deleted.
    typealias End = @Sendable (_ answer: @escaping @Sendable (Result<Bool, any Error>) -> Void) -> Void

    private let pending = Mutex<[String: Int]>([:])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// How many ends are queued or at the database.
    var count: Int { pending.withLock { $0.values.reduce(0, +) } }

    /// Whether the session's end is queued or at the database.
    func contains(_ xid: String) -> Bool {
        pending.withLock { $0[xid] != nil }
    }

    /// Starts `end`, and keeps `xid` pending until it answers.
    func start(xid: String, _ end: End) {
        pending.withLock { $0[xid, default: 0] += 1 }
        let logger = logger
        end { [self] outcome in
            pending.withLock { pending in
                let left = (pending[xid] ?? 1) - 1
                pending[xid] = left > 0 ? left : nil
            }
            switch outcome {
            case .success(true):
                break
            case .success(false):
                logger.debug("The end of global session xid = \(xid) found it changed; the recovery jobs have it")
            case .failure(let error):
                logger.warning(
                    "Could not remove ended global session xid = \(xid): \(error); the recovery jobs will finish it"
                )
            }
        }
    }

    /// Waits until the ends queued or at the database now have run (later ones are not waited
    /// for), or `bound` has passed: a read that must not show a session already answered as
    /// ended (the console, after an operator's action) calls it first.
    func settle(within bound: Duration) async {
        let now = pending.withLock { Set($0.keys) }
        guard !now.isEmpty else { return }
        await Self.wait(within: bound, every: .milliseconds(2)) {
            pending.withLock { pending in now.contains { pending[$0] != nil } }
        }
    }

    /// Waits until no end is queued or at the database, or `bound` has passed.
    func drain(within bound: Duration) async {
        await Self.wait(within: bound, every: .milliseconds(10)) { count > 0 }
    }

    /// Looks every `step` while `busy`, for `bound` at most.
    private static func wait(within bound: Duration, every step: Duration, while busy: () -> Bool) async {
        let deadline = ContinuousClock.now + bound
        while busy(), ContinuousClock.now < deadline {
            try? await Task.sleep(for: step)
        }
    }
}
