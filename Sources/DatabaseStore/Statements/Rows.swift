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

    static func global(_ row: PostgresRow) throws -> GlobalSession {
        let (xid, transactionId, code, applicationId, group, name, timeout, beginTime, data) = try row.decode(
            GlobalRow.self
        )
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

    static func branch(_ row: PostgresRow) throws -> BranchSession {
        let (branchId, xid, transactionId, group, resourceId, typeName, code, clientId, data) = try row.decode(
            BranchRow.self
        )
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
