import SeataProtocol
import Synchronization
import TransactionCore

/// A real store (the harness's file store) with a record of the writes the core asks of it, in
/// order: what a transaction costs the store, which the tests of the core pin down.
final class RecordingStore: SessionStore {
    /// One write the core asked for.
    enum Write: Sendable, Hashable {
        case insertGlobal
        case insertBranch
        case changeStatus(GlobalStatus)
        case deleteGlobal
        case deleteBranch(Int64, releaseLocks: Bool)
        case updateBranch(Int64)
        case releaseLocks
    }

    private let store: any SessionStore
    private let record = Mutex<[Write]>([])

    init(_ store: any SessionStore) { self.store = store }

    /// The writes so far.
    var writes: [Write] { record.withLock { $0 } }

    /// Forgets the writes so far (a test's set-up is not what it measures).
    func reset() { record.withLock { $0 = [] } }

    private func note(_ write: Write) { record.withLock { $0.append(write) } }

    var isExclusive: Bool { store.isExclusive }

    func insertGlobal(_ session: GlobalSession, durability: Durability) async throws {
        note(.insertGlobal)
        try await store.insertGlobal(session, durability: durability)
    }

    func global(xid: String) async throws -> GlobalSession? { try await store.global(xid: xid) }

    func updateGlobalStatus(_ change: StatusChange) async throws -> Bool {
        note(.changeStatus(change.status))
        return try await store.updateGlobalStatus(change)
    }

    func deleteGlobal(xid: String, expected: GlobalStatus, durability: Durability) async throws -> Bool {
        note(.deleteGlobal)
        return try await store.deleteGlobal(xid: xid, expected: expected, durability: durability)
    }

    func globals(matching query: SessionQuery) async throws -> [GlobalSession] {
        try await store.globals(matching: query)
    }

    func countGlobals(statuses: Set<GlobalStatus>) async throws -> Int {
        try await store.countGlobals(statuses: statuses)
    }

    func insertBranch(_ branch: BranchSession, locks: LockRequest, requireOpen: Bool, durability: Durability)
        async throws -> BranchInsertion
    {
        note(.insertBranch)
        return try await store.insertBranch(branch, locks: locks, requireOpen: requireOpen, durability: durability)
    }

    func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String,
        durability: Durability
    ) async throws -> Bool {
        note(.updateBranch(branchId))
        return try await store.updateBranch(
            xid: xid,
            branchId: branchId,
            status: status,
            applicationData: applicationData,
            durability: durability
        )
    }

    func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool, durability: Durability) async throws {
        note(.deleteBranch(branchId, releaseLocks: releaseLocks))
        try await store.deleteBranch(xid: xid, branchId: branchId, releaseLocks: releaseLocks, durability: durability)
    }

    func releaseLocks(xid: String, durability: Durability) async throws {
        note(.releaseLocks)
        try await store.releaseLocks(xid: xid, durability: durability)
    }

    func lockedRows(_ rowKeys: [String]) async throws -> [RowLock] { try await store.lockedRows(rowKeys) }

    func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool {
        try await store.acquireJobLease(job, owner: owner, duration: duration)
    }

    func releaseJobLease(_ job: RecoveryJobName, owner: String) async throws {
        try await store.releaseJobLease(job, owner: owner)
    }
}
