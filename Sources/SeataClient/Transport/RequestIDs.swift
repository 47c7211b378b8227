import Synchronization

/// The client's request ids, lock-free.
///
/// One counter serves every connection, as in the Java client, so an id names one request in the
/// client's logs.
final class RequestIDs: Sendable {
    private let counter = Atomic<UInt32>(0)

    /// The next id (wrapping; with requests bounded by their timeout, ids cannot collide).
    func next() -> UInt32 {
        counter.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
