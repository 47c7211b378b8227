import Synchronization

/// One async mutex per xid, so requests and jobs on one transaction take turns.
///
/// A commit racing a branch register, a timeout racing a TM rollback: one waits. Waiters are served in arrival order.
///
/// Holders keep it for the length of one request, phase-two calls included (each bounded by the
/// transport's RPC timeout), so waiting is not cancellable; jobs use `tryLock` and skip a busy
/// transaction until their next run. Across coordinators, the store's compare-and-set status
/// changes do the same job.
final class XidLocks: Sendable {
    private let table = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    /// Waits for, then takes, the lock of `xid`.
    func lock(_ xid: String) async {
        let taken = table.withLock { table -> Bool in
            guard table[xid] == nil else { return false }
            table[xid] = []
            return true
        }
        if taken { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let takenNow = table.withLock { table -> Bool in
                if table[xid] == nil {
                    table[xid] = []
                    return true
                }
                table[xid]!.append(waiter)
                return false
            }
            if takenNow { waiter.resume() }
        }
    }

    /// Takes the lock of `xid` if nobody holds it.
    func tryLock(_ xid: String) -> Bool {
        table.withLock { table in
            guard table[xid] == nil else { return false }
            table[xid] = []
            return true
        }
    }

    /// Releases the lock of `xid`, handing it to the first waiter.
    func unlock(_ xid: String) {
        let next = table.withLock { table -> CheckedContinuation<Void, Never>? in
            guard var waiters = table[xid] else { preconditionFailure("unlock of xid \(xid) that is not locked") }
            if waiters.isEmpty {
                table[xid] = nil
                return nil
            }
            let first = waiters.removeFirst()
            table[xid] = waiters
            return first
        }
        next?.resume()
    }

    /// Runs `body` holding the lock of `xid`.
    func withLock<T>(_ xid: String, _ body: () async throws -> T) async rethrows -> T {
        await lock(xid)
        defer { unlock(xid) }
        return try await body()
    }

    /// Whether anybody holds the lock of `xid` (tests, diagnostics).
    func isLocked(_ xid: String) -> Bool { table.withLock { $0[xid] != nil } }
}
