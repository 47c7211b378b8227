import SeataProtocol
import TransactionCore

/// The console's JSON shapes, with Seata's field names (GlobalSessionVO, BranchSessionVO,
/// GlobalLockVO): ids as strings (JavaScript numbers lose 64-bit snowflake ids), statuses as
/// their codes, plus `statusName` for people.
enum ConsoleViews {
    struct GlobalSession: Encodable {
        var xid: String
        var transactionId: String
        var status: Int
        var statusName: String
        var applicationId: String
        var transactionServiceGroup: String
        var transactionName: String
        var timeout: Int
        var beginTime: Int64
        var applicationData: String
        /// `gmt_create`: the session is written at its begin.
        var gmtCreate: Int64
        var branchSessionVOs: [BranchSession]?

        init(_ session: TransactionCore.GlobalSession, withBranches: Bool) {
            xid = session.xid
            transactionId = String(session.transactionId)
            status = Int(session.status.rawValue)
            statusName = session.status.description
            applicationId = session.applicationId
            transactionServiceGroup = session.transactionServiceGroup
            transactionName = session.transactionName
            timeout = session.timeout
            beginTime = session.beginTime
            applicationData = session.applicationData
            gmtCreate = session.beginTime
            branchSessionVOs = withBranches ? session.branches.map(BranchSession.init) : nil
        }
    }

    struct BranchSession: Encodable {
        var xid: String
        var transactionId: String
        var branchId: String
        var resourceGroupId: String
        var resourceId: String
        var branchType: String
        var status: Int
        var statusName: String
        var clientId: String
        var applicationData: String
        /// The AT rows the branch holds (`table:pk1,pk2;…`; empty for other types).
        var lockKey: String

        init(_ branch: TransactionCore.BranchSession) {
            xid = branch.xid
            transactionId = String(branch.transactionId)
            branchId = String(branch.branchId)
            resourceGroupId = branch.resourceGroupId
            resourceId = branch.resourceId
            branchType = branch.branchType.description
            status = Int(branch.status.rawValue)
            statusName = branch.status.description
            clientId = branch.clientId
            applicationData = branch.applicationData
            lockKey = branch.lockKey
        }
    }

    struct GlobalLock: Encodable {
        var xid: String
        var transactionId: String
        var branchId: String
        var resourceId: String
        var tableName: String
        var pk: String
        var rowKey: String
        /// The holder's transaction service group.
        var vgroup: String?
        /// 0 locked, 1 its transaction is rolling back (`lock_table.status`).
        var status: Int
        /// The holder's global status, when its session is still there.
        var globalStatus: String?

        init(_ lock: RowLock, session: TransactionCore.GlobalSession?) {
            xid = lock.xid
            transactionId = String(lock.transactionId)
            branchId = String(lock.branchId)
            resourceId = lock.resourceId
            tableName = lock.tableName
            pk = lock.pk
            rowKey = lock.rowKey
            vgroup = session?.transactionServiceGroup
            status = lock.status.rawValue
            globalStatus = session?.status.description
        }
    }

    /// What an action did, as `data` of its answer.
    struct Action: Encodable {
        var action: String
        var xid: String
        var before: String?
        var after: String?
        var removed: Bool
        var branches: [BranchCall]

        init(_ outcome: OperatorOutcome) {
            action = outcome.action.rawValue
            xid = outcome.xid
            before = outcome.before?.description
            after = outcome.after?.description
            removed = outcome.after == nil && outcome.action != .releaseLock
            branches = outcome.branches.map(BranchCall.init)
        }
    }

    /// Why an action was not done, as `data` of its failure.
    struct Refusal: Encodable {
        var reason: String
        var status: String?
        var branches: [BranchCall]

        init(_ error: OperatorError) {
            reason = "\(error.kind)"
            status = error.status?.description
            branches = error.branches.map(BranchCall.init)
        }
    }

    struct BranchCall: Encodable {
        var branchId: String
        var resourceId: String
        var clientId: String
        var call: String
        var answer: String

        init(_ call: BranchCallOutcome) {
            branchId = String(call.branchId)
            resourceId = call.resourceId
            clientId = call.clientId
            self.call = call.call == .commit ? "BranchCommit" : "BranchRollback"
            answer = call.answer?.description ?? "unreachable"
        }
    }
}
