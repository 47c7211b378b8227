import SeataProtocol
import TransactionCore

/// A store that hands every call to another one (the harness's real file store); the tests'
/// stores subclass it and override only the calls they watch or change.
class ForwardingStore: SessionStore, @unchecked Sendable {
    // @unchecked: the only stored property is an immutable Sendable reference; subclasses keep
    // their own state behind locks.
    let base: any SessionStore

    init(base: any SessionStore) { self.base = base }

    var isExclusive: Bool { base.isExclusive }

    func insertGlobal(_ session: GlobalSession, durability: Durability) async throws {
        try await base.insertGlobal(session, durability: durability)
    }

    func global(xid: String) async throws -> GlobalSession? { try await base.global(xid: xid) }

    func updateGlobalStatus(_ change: StatusChange) async throws -> Bool { try await base.updateGlobalStatus(change) }

    func deleteGlobal(xid: String, expected: GlobalStatus, revision: String?, durability: Durability) async throws
        -> Bool
    {
        try await base.deleteGlobal(xid: xid, expected: expected, revision: revision, durability: durability)
    }

    func globals(matching query: SessionQuery) async throws -> [GlobalSession] {
        try await base.globals(matching: query)
    }

    func countGlobals(statuses: Set<GlobalStatus>) async throws -> Int {
        try await base.countGlobals(statuses: statuses)
    }

    func insertBranch(_ branch: BranchSession, locks: LockRequest, requireOpen: Bool, durability: Durability)
        async throws -> BranchInsertion
    {
        try await base.insertBranch(branch, locks: locks, requireOpen: requireOpen, durability: durability)
    }

    func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String,
        durability: Durability
    ) async throws -> Bool {
        try await base.updateBranch(
            xid: xid,
            branchId: branchId,
            status: status,
            applicationData: applicationData,
            durability: durability
        )
    }

    func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool, durability: Durability) async throws {
        try await base.deleteBranch(xid: xid, branchId: branchId, releaseLocks: releaseLocks, durability: durability)
    }

    func releaseLocks(xid: String, durability: Durability) async throws {
        try await base.releaseLocks(xid: xid, durability: durability)
    }

    func lockedRows(_ rowKeys: [String]) async throws -> [RowLock] { try await base.lockedRows(rowKeys) }

    func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool {
        try await base.acquireJobLease(job, owner: owner, duration: duration)
    }

    func releaseJobLease(_ job: RecoveryJobName, owner: String) async throws {
        try await base.releaseJobLease(job, owner: owner)
    }

    func removeOrphanedBranches() async throws -> Int { try await base.removeOrphanedBranches() }
}
