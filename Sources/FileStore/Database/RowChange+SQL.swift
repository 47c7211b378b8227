import GRDB
import TransactionCore

extension RowChange {
    /// Writes the change (inside the writer's transaction).
    func apply(_ db: Database) throws {
        switch self {
        case .insertGlobal(let session):
            try db.cachedStatement(
                sql: """
                    INSERT INTO global_table (xid, transaction_id, status, application_id,
                        transaction_service_group, transaction_name, timeout, begin_time, application_data,
                        gmt_create, gmt_modified)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, datetime('now'), datetime('now'))
                    """
            )
            .execute(arguments: [
                session.xid, session.transactionId, Int(session.status.rawValue), nullable(session.applicationId),
                nullable(session.transactionServiceGroup), nullable(session.transactionName), session.timeout,
                session.beginTime, nullable(session.applicationData),
            ])
        case .updateGlobalStatus(let xid, let status):
            try db.cachedStatement(
                sql: "UPDATE global_table SET status = ?, gmt_modified = datetime('now') WHERE xid = ?"
            )
            .execute(arguments: [Int(status.rawValue), xid])
        case .deleteGlobal(let xid):
            try db.cachedStatement(sql: "DELETE FROM lock_table WHERE xid = ?").execute(arguments: [xid])
            try db.cachedStatement(sql: "DELETE FROM branch_table WHERE xid = ?").execute(arguments: [xid])
            try db.cachedStatement(sql: "DELETE FROM global_table WHERE xid = ?").execute(arguments: [xid])
        case .insertBranch(let branch):
            try db.cachedStatement(
                sql: """
                    INSERT INTO branch_table (branch_id, xid, transaction_id, resource_group_id, resource_id,
                        branch_type, status, client_id, application_data, gmt_create, gmt_modified)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%d %H:%M:%f', 'now'),
                        strftime('%Y-%m-%d %H:%M:%f', 'now'))
                    """
            )
            .execute(arguments: [
                branch.branchId, branch.xid, branch.transactionId, nullable(branch.resourceGroupId),
                nullable(branch.resourceId), branch.branchType.description, Int(branch.status.rawValue),
                nullable(branch.clientId), nullable(branch.applicationData),
            ])
        case .updateBranch(let branchId, let status, let applicationData):
            try db.cachedStatement(
                sql: """
                    UPDATE branch_table SET status = ?, application_data = ?,
                        gmt_modified = strftime('%Y-%m-%d %H:%M:%f', 'now')
                    WHERE branch_id = ?
                    """
            )
            .execute(arguments: [Int(status.rawValue), nullable(applicationData), branchId])
        case .deleteBranch(let branchId):
            try db.cachedStatement(sql: "DELETE FROM branch_table WHERE branch_id = ?").execute(arguments: [branchId])
        case .insertLocks(let rows):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO lock_table (row_key, xid, transaction_id, branch_id, resource_id, table_name, pk,
                        status, gmt_create, gmt_modified)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, datetime('now'), datetime('now'))
                    """
            )
            for row in rows {
                try statement.execute(arguments: [
                    row.rowKey, row.xid, row.transactionId, row.branchId, row.resourceId, row.tableName, row.pk,
                    row.status.rawValue,
                ])
            }
        case .deleteLocks(let xid):
            try db.cachedStatement(sql: "DELETE FROM lock_table WHERE xid = ?").execute(arguments: [xid])
        case .deleteBranchLocks(let branchId):
            try db.cachedStatement(sql: "DELETE FROM lock_table WHERE branch_id = ?").execute(arguments: [branchId])
        case .markLocks(let xid, let status):
            try db.cachedStatement(
                sql: "UPDATE lock_table SET status = ?, gmt_modified = datetime('now') WHERE xid = ?"
            )
            .execute(arguments: [status.rawValue, xid])
        }
    }
}

/// Empty text is stored as NULL, as Seata's clients send absent strings.
private func nullable(_ text: String) -> String? { text.isEmpty ? nil : text }
