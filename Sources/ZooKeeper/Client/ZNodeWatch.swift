/// A one-shot watch on a znode: it delivers exactly one `WatchEvent`, or fails.
///
/// Await `event()`, or iterate it as an `AsyncSequence` (one element, then the end). It fails
/// with `.sessionExpired` when the session expires, `.closing` when the client is closed, and
/// `.watchRemoved` if the server drops it. A disconnect alone does not end it: the C library
/// sets it again when the session reconnects. Cancelling a waiting task stops that task's
/// wait, not the watch.
public struct ZNodeWatch: AsyncSequence, Sendable {
    /// The one event.
    public typealias Element = WatchEvent

    let promise: WatchPromise
    /// The watched path.
    public let path: String

    /// Waits for the event.
    public func event() async throws -> WatchEvent {
        try await promise.value()
    }

    /// True once the watch has fired or failed.
    public var hasFired: Bool { promise.result != nil }

    /// An iterator that yields the event once.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(watch: self) }

    /// Yields the watch's event, then ends.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let watch: ZNodeWatch
        var done = false

        /// The event on the first call, nil after.
        public mutating func next() async throws -> WatchEvent? {
            guard !done else { return nil }
            done = true
            return try await watch.event()
        }
    }
}
