import SeataProtocol
import Synchronization
import TransactionCore

/// A real store (the harness's file store) with a record of the writes the core asks of it, in
/// order: what a transaction costs the store, which the tests of the core pin down.
final class RecordingStore: ForwardingStore, @unchecked Sendable {
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

    private let record = Mutex<[Write]>([])

    /// The writes so far.
    var writes: [Write] { record.withLock { $0 } }

    /// Forgets the writes so far (a test's set-up is not what it measures).
    func reset() { record.withLock { $0 = [] } }

    private func note(_ write: Write) { record.withLock { $0.append(write) } }

    override func insertGlobal(_ session: GlobalSession, durability: Durability) async throws {
        note(.insertGlobal)
        try await super.insertGlobal(session, durability: durability)
    }

    override func updateGlobalStatus(_ change: StatusChange) async throws -> Bool {
        note(.changeStatus(change.status))
        return try await super.updateGlobalStatus(change)
    }

    override func deleteGlobal(xid: String, expected: GlobalStatus, revision: String?, durability: Durability)
        async throws -> Bool
    {
        note(.deleteGlobal)
        return try await super.deleteGlobal(xid: xid, expected: expected, revision: revision, durability: durability)
    }

    override func insertBranch(
        _ branch: BranchSession,
        locks: LockRequest,
        requireOpen: Bool,
        durability: Durability
    ) async throws -> BranchInsertion {
        note(.insertBranch)
        return try await super.insertBranch(branch, locks: locks, requireOpen: requireOpen, durability: durability)
    }

    override func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String,
        durability: Durability
    ) async throws -> Bool {
        note(.updateBranch(branchId))
        return try await super
            .updateBranch(
                xid: xid,
                branchId: branchId,
                status: status,
                applicationData: applicationData,
                durability: durability
            )
    }

    override func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool, durability: Durability) async throws {
        note(.deleteBranch(branchId, releaseLocks: releaseLocks))
        try await super.deleteBranch(xid: xid, branchId: branchId, releaseLocks: releaseLocks, durability: durability)
    }

    override func releaseLocks(xid: String, durability: Durability) async throws {
        note(.releaseLocks)
        try await super.releaseLocks(xid: xid, durability: durability)
    }
}
