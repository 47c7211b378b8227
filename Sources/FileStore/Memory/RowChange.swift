import SeataProtocol
import TransactionCore

/// One row-level change for the database, in the order the in-memory index made it.
///
/// Rows are
/// written without conditions: the index already decided, and the writer applies changes in
/// order.
enum RowChange: Sendable {
    case insertGlobal(GlobalSession)
    case updateGlobalStatus(xid: String, status: GlobalStatus)
    /// The session, its branches and its locks.
    case deleteGlobal(xid: String)
    case insertBranch(BranchSession)
    case updateBranch(branchId: Int64, status: BranchStatus, applicationData: String)
    case deleteBranch(branchId: Int64)
    case insertLocks([RowLock])
    case deleteLocks(xid: String)
    case deleteBranchLocks(branchId: Int64)
    case markLocks(xid: String, status: LockStatus)
}
