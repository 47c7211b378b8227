public import SeataProtocol

/// A branch transaction: one row of `branch_table`, registered by a resource manager.
public struct BranchSession: Sendable, Hashable {
    /// The snowflake id the coordinator gave the branch.
    public var branchId: Int64
    /// The global transaction's xid.
    public var xid: String
    /// The global transaction's id.
    public var transactionId: Int64
    /// The resource group (empty: Seata's clients never send one).
    public var resourceGroupId: String
    /// The resource the branch works on (a JDBC URL for AT, a TCC action name, …).
    public var resourceId: String
    /// The AT row lock key `table:pk1,pk2;table2:pk` (empty for other branch types).
    ///
    /// Not a column of `branch_table`: after a restart it is rebuilt from the branch's rows in
    /// `lock_table`.
    public var lockKey: String
    /// AT, TCC, SAGA or XA.
    public var branchType: BranchType
    /// Where the branch is in its life.
    public var status: BranchStatus
    /// `"applicationId:ip:port"` of the RM connection that registered the branch: where
    /// BranchCommit and BranchRollback go.
    public var clientId: String
    /// Free-form data from the RM (`{"autoCommit":false}` and such; empty when none).
    public var applicationData: String

    /// Makes a branch value; a new branch is `Registered`.
    public init(
        branchId: Int64,
        xid: String,
        transactionId: Int64,
        resourceGroupId: String = "",
        resourceId: String,
        lockKey: String = "",
        branchType: BranchType,
        status: BranchStatus = .registered,
        clientId: String,
        applicationData: String = ""
    ) {
        self.branchId = branchId
        self.xid = xid
        self.transactionId = transactionId
        self.resourceGroupId = resourceGroupId
        self.resourceId = resourceId
        self.lockKey = lockKey
        self.branchType = branchType
        self.status = status
        self.clientId = clientId
        self.applicationData = applicationData
    }

    /// Whether the async-committing job may commit this branch later (AT, or failed in phase one),
    /// as Seata's `BranchSession.canBeCommittedAsync`.
    public var canBeCommittedAsync: Bool { branchType == .at || status == .phaseOneFailed }
}
