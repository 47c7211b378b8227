import SeataProtocol
import TransactionCore

/// The file store's authoritative in-memory state.
///
/// Sessions by xid with their branches, an index by status, and the row locks by row key. Every mutation returns the row changes that
/// make the database say the same.
///
/// Lookups are dictionary reads; nothing on the request path scans all sessions or locks.
struct SessionIndex: Sendable {
    private(set) var sessions: [String: GlobalSession] = [:]
    private(set) var byStatus: [GlobalStatus: Set<String>] = [:]
    /// The held row locks by row key (changed only by this type's methods, here and in SessionIndex+Console.swift).
    var locks: [String: RowLock] = [:]
    /// The row keys each branch acquired, by xid then branch.
    ///
    /// Re-entered rows stay with their first branch. Rows outlive a branch removed without releasing them, as in `lock_table`.
    var heldRows: [String: [Int64: [String]]] = [:]
    /// The highest transaction or branch id seen (ids made after a restart start above it).
    private(set) var largestId: Int64 = 0

    // MARK: - Loading

    /// Adds a session read from the database (branches included).
    mutating func load(_ session: GlobalSession) {
        sessions[session.xid] = session
        byStatus[session.status, default: []].insert(session.xid)
        largestId = max(largestId, session.transactionId, session.branches.map(\.branchId).max() ?? 0)
    }

    /// Adds a row lock read from the database; false when its session is unknown.
    mutating func load(_ lock: RowLock) -> Bool {
        guard sessions[lock.xid] != nil else { return false }
        locks[lock.rowKey] = lock
        heldRows[lock.xid, default: [:]][lock.branchId, default: []].append(lock.rowKey)
        return true
    }

    /// The rows branch `branchId` of `xid` holds, in acquisition order.
    func rows(xid: String, branchId: Int64) -> [RowLock] {
        (heldRows[xid]?[branchId] ?? []).compactMap { locks[$0] }
    }

    /// Sets a loaded branch's lock key (rebuilt from its rows).
    mutating func setLockKey(_ lockKey: String, xid: String, branchId: Int64) {
        guard let index = sessions[xid]?.branches.firstIndex(where: { $0.branchId == branchId }) else { return }
        sessions[xid]!.branches[index].lockKey = lockKey
    }

    // MARK: - Global sessions

    mutating func insertGlobal(_ session: GlobalSession) -> [RowChange]? {
        guard sessions[session.xid] == nil else { return nil }
        var stored = session
        stored.branches = []
        load(stored)
        return [.insertGlobal(stored)]
    }

    mutating func updateStatus(_ change: StatusChange) -> (Bool, [RowChange]) {
        guard var session = sessions[change.xid], session.status == change.expected else { return (false, []) }
        byStatus[session.status]?.remove(change.xid)
        session.status = change.status
        if change.status != .begin { session.isActive = false }
        byStatus[change.status, default: []].insert(change.xid)
        sessions[change.xid] = session
        var changes: [RowChange] = [.updateGlobalStatus(xid: change.xid, status: change.status)]
        switch change.locks {
        case .keep:
            break
        case .release:
            let released = releaseLocks(xid: change.xid)
            if !released.isEmpty { changes.append(.deleteLocks(rowKeys: released)) }
        case .markRollbacking:
            let marked = mark(xid: change.xid, .rollbacking)
            if !marked.isEmpty { changes.append(.markLocks(rowKeys: marked, status: .rollbacking)) }
        }
        return (true, changes)
    }

    mutating func deleteGlobal(xid: String, expected: GlobalStatus) -> (Bool, [RowChange]) {
        guard let session = sessions[xid], session.status == expected else { return (false, []) }
        let released = releaseLocks(xid: xid)
        sessions[xid] = nil
        byStatus[session.status]?.remove(xid)
        return (true, [.deleteGlobal(xid: xid, branchIds: session.branches.map(\.branchId), rowKeys: released)])
    }

    mutating func releaseAllLocks(xid: String) -> [RowChange] {
        let released = releaseLocks(xid: xid)
        return released.isEmpty ? [] : [.deleteLocks(rowKeys: released)]
    }

    /// Drops every row `xid` holds; their keys.
    private mutating func releaseLocks(xid: String) -> [String] {
        guard let branches = heldRows.removeValue(forKey: xid) else { return [] }
        var released: [String] = []
        for keys in branches.values {
            for key in keys { locks[key] = nil }
            released += keys
        }
        return released
    }

    /// Sets the status of every row `xid` holds; their keys.
    private mutating func mark(xid: String, _ status: LockStatus) -> [String] {
        guard let branches = heldRows[xid] else { return [] }
        var marked: [String] = []
        for keys in branches.values {
            for key in keys { locks[key]?.status = status }
            marked += keys
        }
        return marked
    }

    func query(_ query: SessionQuery) -> [GlobalSession] {
        var matches: [GlobalSession] = []
        for status in query.statuses {
            for xid in byStatus[status] ?? [] {
                guard let session = sessions[xid] else { continue }
                if let now = query.timedOutAt, session.beginTime + Int64(session.timeout) >= now { continue }
                if let after = query.after, SessionCursor(session) <= after { continue }
                matches.append(session)
            }
        }
        matches.sort { SessionCursor($0) < SessionCursor($1) }
        return Array(matches.prefix(max(0, query.limit)))
    }

    func count(_ statuses: Set<GlobalStatus>) -> Int {
        statuses.reduce(0) { $0 + (byStatus[$1]?.count ?? 0) }
    }

    // MARK: - Branches

    mutating func insertBranch(
        _ branch: BranchSession,
        locks request: LockRequest,
        requireOpen: Bool
    ) -> (BranchInsertion, [RowChange]) {
        guard var session = sessions[branch.xid] else { return (.globalNotFound, []) }
        if requireOpen && (!session.isActive || session.status != .begin) {
            return (.globalNotOpen(session.status, isActive: session.isActive), [])
        }
        // All or nothing: check every row before taking any.
        var newRows: [RowLock] = []
        for row in request.rows {
            if let holder = locks[row.rowKey] {
                if holder.xid == branch.xid { continue }
                let failFast =
                    !request.options.autoCommit && !request.options.skipCheckLock && holder.status == .rollbacking
                return (
                    .lockConflict(
                        LockConflict(
                            rowKey: row.rowKey,
                            holderXid: holder.xid,
                            holderBranchId: holder.branchId,
                            failFast: failFast
                        )
                    ),
                    []
                )
            }
            newRows.append(row)
        }
        for row in newRows { locks[row.rowKey] = row }
        if !newRows.isEmpty { heldRows[branch.xid, default: [:]][branch.branchId] = newRows.map(\.rowKey) }
        session.branches.append(branch)
        sessions[branch.xid] = session
        largestId = max(largestId, branch.branchId)
        var changes: [RowChange] = [.insertBranch(branch)]
        if !newRows.isEmpty { changes.append(.insertLocks(newRows)) }
        return (.inserted, changes)
    }

    mutating func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String
    ) -> (Bool, [RowChange]) {
        guard let index = sessions[xid]?.branches.firstIndex(where: { $0.branchId == branchId }) else {
            return (false, [])
        }
        sessions[xid]!.branches[index].status = status
        sessions[xid]!.branches[index].applicationData = applicationData
        return (true, [.updateBranch(branchId: branchId, status: status, applicationData: applicationData)])
    }

    mutating func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool) -> [RowChange] {
        guard let index = sessions[xid]?.branches.firstIndex(where: { $0.branchId == branchId }) else { return [] }
        sessions[xid]!.branches.remove(at: index)
        var changes: [RowChange] = [.deleteBranch(branchId: branchId)]
        if releaseLocks, let keys = heldRows[xid]?.removeValue(forKey: branchId) {
            for key in keys { locks[key] = nil }
            if heldRows[xid]?.isEmpty == true { heldRows[xid] = nil }
            changes.append(.deleteLocks(rowKeys: keys))
        }
        return changes
    }

    func lockedRows(_ rowKeys: [String]) -> [RowLock] {
        rowKeys.compactMap { locks[$0] }
    }
}
