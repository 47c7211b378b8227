import Synchronization
import ZooKeeper

/// Where watch events, reconnects and new sessions wait for `LiveConfig`'s loop.
///
/// Posting never blocks (watch waiters and session observers post from their own tasks);
/// the loop takes everything that has piled up at once, so a burst of events costs one
/// round of reads, not one per event.
final class LiveConfigInbox: Sendable {
    enum Event: Sendable {
        /// A watch of session `generation` fired.
        case fired(ZNodeTracker.Target, generation: Int)
        /// Session `generation` is connected again after a disconnect.
        case reconnected(generation: Int)
        /// `RenewingSession` announced a session (the current one first).
        case session(ZooKeeperClient)
        /// A retry after a failed refresh is due.
        case retry
    }

    private let pending = Mutex<[Event]>([])
    /// One element whenever something was posted since the loop last looked.
    ///
    /// Iterated by the loop only. Wake-ups coalesce: the loop takes every pending event at each.
    let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init() {
        (wakeups, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func post(_ event: Event) {
        pending.withLock { $0.append(event) }
        wake.yield()
    }

    /// Everything posted so far, in order.
    func take() -> [Event] {
        pending.withLock { events in
            defer { events = [] }
            return events
        }
    }
}
