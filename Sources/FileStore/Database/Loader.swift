import GRDB
import Logging
import SeataProtocol
import TransactionCore

/// Rebuilds the in-memory index from the tables: at open, and after a failed write.
enum Loader {
    /// A row that cannot be a Seata session, branch or lock.
    struct BadRow: Error, CustomStringConvertible {
        var description: String
    }

    /// Deletes branches and locks whose global session is gone.
    ///
    /// This store leaves none (its deletes are atomic); a hand-edited or foreign file may. A stale lock row
    /// would otherwise refuse every later insert of its row key.
    static func removeOrphans(_ db: Database, logger: Logger) throws {
        try db.inTransaction {
            try db.execute(sql: "DELETE FROM branch_table WHERE xid NOT IN (SELECT xid FROM global_table)")
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM lock_table WHERE xid IS NULL OR xid NOT IN (SELECT xid FROM global_table)")
            removed += db.changesCount
            if removed > 0 {
                logger.warning(
                    "Removed rows of branch_table and lock_table whose global session is not in global_table",
                    metadata: ["rows": "\(removed)"]
                )
            }
            return .commit
        }
    }

    static func load(_ db: Database, logger: Logger) throws -> SessionIndex {
        var index = SessionIndex()
        var sessions: [String: GlobalSession] = [:]
        let globals = try Row.fetchCursor(
            db,
            sql: """
                SELECT xid, transaction_id, status, application_id, transaction_service_group, transaction_name,
                    timeout, begin_time, application_data
                FROM global_table
                """
        )
        while let row = try globals.next() {
            let xid: String = row[0]
            let code: Int = row[2]
            guard let code = UInt8(exactly: code), let status = GlobalStatus(rawValue: code) else {
                throw BadRow(description: "global_table row xid=\(xid) has status \(code), which is not a GlobalStatus")
            }
            sessions[xid] = GlobalSession(
                xid: xid,
                transactionId: row[1] ?? 0,
                status: status,
                applicationId: row[3] ?? "",
                transactionServiceGroup: row[4] ?? "",
                transactionName: row[5] ?? "",
                timeout: row[6] ?? 0,
                beginTime: row[7] ?? 0,
                applicationData: row[8] ?? "",
                isActive: status == .begin
            )
        }
        let branches = try Row.fetchCursor(
            db,
            sql: """
                SELECT branch_id, xid, transaction_id, resource_group_id, resource_id, branch_type, status,
                    client_id, application_data
                FROM branch_table ORDER BY gmt_create, branch_id
                """
        )
        var orphans = 0
        while let row = try branches.next() {
            let branchId: Int64 = row[0]
            let xid: String = row[1]
            let typeName: String = row[5] ?? ""
            let code: Int = row[6] ?? 0
            guard let type = BranchType(name: typeName) else {
                throw BadRow(description: "branch_table row branch_id=\(branchId) has branch_type '\(typeName)'")
            }
            guard let code = UInt8(exactly: code), let status = BranchStatus(rawValue: code) else {
                throw BadRow(description: "branch_table row branch_id=\(branchId) has status \(code)")
            }
            guard sessions[xid] != nil else {
                orphans += 1
                continue
            }
            sessions[xid]!.branches
                .append(
                    BranchSession(
                        branchId: branchId,
                        xid: xid,
                        transactionId: row[2] ?? 0,
                        resourceGroupId: row[3] ?? "",
                        resourceId: row[4] ?? "",
                        branchType: type,
                        status: status,
                        clientId: row[7] ?? "",
                        applicationData: row[8] ?? ""
                    )
                )
        }
        for session in sessions.values { index.load(session) }
        let locks = try Row.fetchCursor(
            db,
            sql: """
                SELECT row_key, xid, transaction_id, branch_id, resource_id, table_name, pk, status
                FROM lock_table ORDER BY rowid
                """
        )
        var lockedBranches: [String: Set<Int64>] = [:]
        while let row = try locks.next() {
            let rowKey: String = row[0]
            let status: Int = row[7] ?? 0
            var lock = RowLock(
                xid: row[1] ?? "",
                transactionId: row[2] ?? 0,
                branchId: row[3],
                resourceId: row[4] ?? "",
                tableName: row[5] ?? "",
                pk: row[6] ?? "",
                status: status == LockStatus.rollbacking.rawValue ? .rollbacking : .locked
            )
            // The stored key is authoritative (Seata's own servers may have written it).
            lock.rowKey = rowKey
            if index.load(lock) {
                lockedBranches[lock.xid, default: []].insert(lock.branchId)
            } else {
                orphans += 1
            }
        }
        for (xid, branchIds) in lockedBranches {
            for branchId in branchIds {
                index.setLockKey(
                    LockKey.lockKey(of: index.rows(xid: xid, branchId: branchId)),
                    xid: xid,
                    branchId: branchId
                )
            }
        }
        if orphans > 0 {
            logger.warning(
                "Rows of branch_table or lock_table name a global session that is not in global_table; ignored",
                metadata: ["rows": "\(orphans)"]
            )
        }
        return index
    }
}
