import Synchronization

/// The one outcome of a one-shot watch, awaited by any number of tasks.
final class WatchPromise: Sendable {
    private enum State {
        case pending(waiters: [UInt: UnsafeContinuation<Result<WatchEvent, any Error>, Never>], nextID: UInt)
        case resolved(Result<WatchEvent, any Error>)
    }

    private let state = Mutex(State.pending(waiters: [:], nextID: 0))

    /// Settles the watch; later calls are ignored (a watch fires once).
    func resolve(_ result: Result<WatchEvent, any Error>) {
        let waiters: [UnsafeContinuation<Result<WatchEvent, any Error>, Never>] = state.withLock { s in
            guard case .pending(let waiters, _) = s else { return [] }
            s = .resolved(result)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    /// The outcome, if already known.
    var result: Result<WatchEvent, any Error>? {
        state.withLock { s in
            if case .resolved(let r) = s { return r }
            return nil
        }
    }

    /// Waits for the outcome; a cancelled waiter stops waiting (the watch itself stays).
    func value() async throws -> WatchEvent {
        let waiterID: Mutex<UInt?> = Mutex(nil)
        let result = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                let now: Result<WatchEvent, any Error>? = state.withLock { s in
                    switch s {
                    case .resolved(let r):
                        return r
                    case .pending(var waiters, let nextID):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[nextID] = continuation
                        s = .pending(waiters: waiters, nextID: nextID + 1)
                        waiterID.withLock { $0 = nextID }
                        return nil
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let cancelled: UnsafeContinuation<Result<WatchEvent, any Error>, Never>? = state.withLock { s in
                guard case .pending(var waiters, let nextID) = s, let id = waiterID.withLock({ $0 }) else { return nil }
                let waiter = waiters.removeValue(forKey: id)
                s = .pending(waiters: waiters, nextID: nextID)
                return waiter
            }
            cancelled?.resume(returning: .failure(CancellationError()))
        }
        return try result.get()
    }
}
