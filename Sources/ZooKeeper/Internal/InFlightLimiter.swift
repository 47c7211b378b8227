import Synchronization

/// Bounds the requests one session has in the C library at once.
///
/// Throughput comes from many requests in flight on one session, but an unbounded number
/// only grows the library's queues (and memory) without answering sooner. Waiters are served
/// in arrival order; closing fails every waiter so that nobody waits on a dead session.
final class InFlightLimiter: Sendable {
    private struct State {
        var available: Int
        var waiters: [UnsafeContinuation<Bool, Never>?] = []
        var head = 0
        var closed = false
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Takes a permit; returns false when the session is closed.
    func acquire() async -> Bool {
        let immediate: Bool? = state.withLock { s in
            if s.closed { return false }
            if s.available > 0 {
                s.available -= 1
                return true
            }
            return nil
        }
        if let immediate { return immediate }
        return await withUnsafeContinuation { continuation in
            let resumeNow: Bool? = state.withLock { s in
                if s.closed { return false }
                if s.available > 0 {
                    s.available -= 1
                    return true
                }
                s.waiters.append(continuation)
                return nil
            }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
    }

    /// Returns a permit, handing it straight to the longest waiter if there is one.
    func release() {
        let next: UnsafeContinuation<Bool, Never>? = state.withLock { s in
            if s.head < s.waiters.count {
                let waiter = s.waiters[s.head]
                s.waiters[s.head] = nil
                s.head += 1
                if s.head > 64, s.head * 2 > s.waiters.count {
                    s.waiters.removeFirst(s.head)
                    s.head = 0
                }
                return waiter
            }
            s.available += 1
            return nil
        }
        next?.resume(returning: true)
    }

    /// Fails every waiter and every later `acquire`.
    func close() {
        let waiters = state.withLock { s in
            s.closed = true
            let pending = s.waiters[s.head...].compactMap { $0 }
            s.waiters = []
            s.head = 0
            return pending
        }
        for waiter in waiters { waiter.resume(returning: false) }
    }
}
