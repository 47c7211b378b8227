import PostgresNIO
import SeataProtocol
import TransactionCore

/// A row of Seata's tables that this coordinator cannot read as a session, branch or lock.
struct UnreadableRow: Error, CustomStringConvertible {
    var description: String
}

/// Turning rows of Seata's tables into the core's values.
enum Rows {
    typealias GlobalRow = (String, Int64?, Int16, String?, String?, String?, Int32?, Int64?, String?)
    typealias BranchRow = (Int64, String, Int64?, String?, String?, String?, Int16?, String?, String?)
    typealias LockRow = (String, String?, Int64?, Int64, String?, String?, String?, Int16)

    /// A session row, its row version (`xmin`), then one of its branches (nil columns: it has
    /// none), as `BatchSQL.selectSessions` returns them.
    typealias SessionRow = (
        String, Int64?, Int16, String?, String?, String?, Int32?, Int64?, String?,
        String,
        Int64?, String?, Int64?, String?, String?, String?, Int16?, String?, String?
    )

    static func global(_ row: PostgresRow) throws -> GlobalSession {
        try global(row.decode(GlobalRow.self))
    }

    static func branch(_ row: PostgresRow) throws -> BranchSession {
        try branch(row.decode(BranchRow.self))
    }

    /// A session and the branch on the same row, if any.
    static func sessionAndBranch(_ row: PostgresRow) throws -> (GlobalSession, BranchSession?) {
        let c = try row.decode(SessionRow.self)
        var session = try global((c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8))
        session.storeRevision = c.9
        guard let branchId = c.10, let branchXid = c.11 else { return (session, nil) }
        return (session, try branch((branchId, branchXid, c.12, c.13, c.14, c.15, c.16, c.17, c.18)))
    }

    static func global(_ values: GlobalRow) throws -> GlobalSession {
        let (xid, transactionId, code, applicationId, group, name, timeout, beginTime, data) = values
        guard let raw = UInt8(exactly: code), let status = GlobalStatus(rawValue: raw) else {
            throw UnreadableRow(description: "global session \(xid) has status \(code), which is not a GlobalStatus")
        }
        return GlobalSession(
            xid: xid,
            transactionId: transactionId ?? 0,
            status: status,
            applicationId: applicationId ?? "",
            transactionServiceGroup: group ?? "",
            transactionName: name ?? "",
            timeout: Int(timeout ?? 0),
            beginTime: beginTime ?? 0,
            applicationData: data ?? "",
            isActive: status == .begin
        )
    }

    static func branch(_ values: BranchRow) throws -> BranchSession {
        let (branchId, xid, transactionId, group, resourceId, typeName, code, clientId, data) = values
        guard let type = BranchType(name: typeName ?? "") else {
            throw UnreadableRow(description: "branch \(branchId) of \(xid) has branch_type '\(typeName ?? "")'")
        }
        guard let raw = UInt8(exactly: code ?? 0), let status = BranchStatus(rawValue: raw) else {
            throw UnreadableRow(description: "branch \(branchId) of \(xid) has status \(code ?? 0)")
        }
        return BranchSession(
            branchId: branchId,
            xid: xid,
            transactionId: transactionId ?? 0,
            resourceGroupId: group ?? "",
            resourceId: resourceId ?? "",
            branchType: type,
            status: status,
            clientId: clientId ?? "",
            applicationData: data ?? ""
        )
    }

    static func lock(_ row: PostgresRow) throws -> RowLock {
        let (rowKey, xid, transactionId, branchId, resourceId, table, pk, status) = try row.decode(LockRow.self)
        var lock = RowLock(
            xid: xid ?? "",
            transactionId: transactionId ?? 0,
            branchId: branchId,
            resourceId: resourceId ?? "",
            tableName: table ?? "",
            pk: pk ?? "",
            status: status == Int16(LockStatus.rollbacking.rawValue) ? .rollbacking : .locked
        )
        // The stored key is authoritative (a Seata server may have written it).
        lock.rowKey = rowKey
        return lock
    }
}
