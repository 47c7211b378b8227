import SeataProtocol
import TransactionCore

/// The console's queries and its lock release, on the in-memory index.
///
/// The queries scan every session (or every lock) under the index's lock: the console asks at a
/// person's pace, and a coordinator holds thousands of sessions, not millions.
extension SessionIndex {
    func consoleSessions(_ query: ConsoleSessionQuery) -> ConsolePage<GlobalSession> {
        let candidates: [GlobalSession]
        if let xid = query.xid {
            candidates = sessions[xid].map { [$0] } ?? []
        } else if let status = query.status {
            candidates = (byStatus[status] ?? []).compactMap { sessions[$0] }
        } else {
            candidates = Array(sessions.values)
        }
        var matches = candidates.filter(query.matches)
        matches.sort { ($0.beginTime, $0.xid) > ($1.beginTime, $1.xid) }
        let page = matches.dropFirst(max(0, query.offset)).prefix(max(0, query.limit))
            .map { session in
                var shown = session
                if !query.withBranches { shown.branches = [] }
                return shown
            }
        return ConsolePage(items: Array(page), total: matches.count)
    }

    func consoleLocks(_ query: ConsoleLockQuery) -> ConsolePage<RowLock> {
        var matches = locks.values.filter { lock in
            query.matches(lock) && query.matchesBegin(sessions[lock.xid]?.beginTime)
        }
        matches.sort { ($0.transactionId, $1.rowKey) > ($1.transactionId, $0.rowKey) }
        let page = matches.dropFirst(max(0, query.offset)).prefix(max(0, query.limit))
        return ConsolePage(items: Array(page), total: matches.count)
    }

    /// Drops one row `xid` holds; the branch's lock key is rebuilt from the rows it keeps.
    mutating func releaseLock(rowKey: String, xid: String) -> (Bool, [RowChange]) {
        guard let lock = locks[rowKey], lock.xid == xid else { return (false, []) }
        locks[rowKey] = nil
        heldRows[xid]?[lock.branchId]?.removeAll { $0 == rowKey }
        if heldRows[xid]?[lock.branchId]?.isEmpty == true { heldRows[xid]?[lock.branchId] = nil }
        if heldRows[xid]?.isEmpty == true { heldRows[xid] = nil }
        setLockKey(LockKey.lockKey(of: rows(xid: xid, branchId: lock.branchId)), xid: xid, branchId: lock.branchId)
        return (true, [.deleteLocks(rowKeys: [rowKey])])
    }
}
