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
    /// The session, and its branch and lock rows when it still has any (the index knows: a
    /// session ended by phase two has removed its branches one by one already).
    case deleteGlobal(xid: String, branches: Bool, locks: Bool)
    case insertBranch(BranchSession)
    case updateBranch(branchId: Int64, status: BranchStatus, applicationData: String)
    case deleteBranch(branchId: Int64)
    case insertLocks([RowLock])
    case deleteLocks(xid: String)
    case deleteBranchLocks(branchId: Int64)
    /// One row lock an operator released.
    case deleteLock(rowKey: String)
    case markLocks(xid: String, status: LockStatus)
}
