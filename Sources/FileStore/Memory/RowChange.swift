import SeataProtocol
import TransactionCore

/// One row-level change for the database, in the order the in-memory index made it.
///
/// Rows are written without conditions: the index already decided, and the writer applies
/// changes in order. Every row is named by its primary key (the index knows the branch ids and
/// row keys of each session), so the tables need no secondary index: each insert or delete
/// writes one B-tree, which keeps a commit's pages, and so its WAL write and fsync, small.
enum RowChange: Sendable {
    case insertGlobal(GlobalSession)
    case updateGlobalStatus(xid: String, status: GlobalStatus)
    /// The session with the branch and lock rows it still has.
    case deleteGlobal(xid: String, branchIds: [Int64], rowKeys: [String])
    case insertBranch(BranchSession)
    case updateBranch(branchId: Int64, status: BranchStatus, applicationData: String)
    case deleteBranch(branchId: Int64)
    case insertLocks([RowLock])
    case deleteLocks(rowKeys: [String])
    case markLocks(rowKeys: [String], status: LockStatus)
}
