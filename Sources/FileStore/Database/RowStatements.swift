import Foundation
import GRDB
import GRDBSQLite
import TransactionCore

/// The writer's prepared statements, bound and stepped through SQLite's C API.
///
/// The hot path writes thousands of rows a second, and GRDB's argument boxing and statement cache lookups
/// would cost more than SQLite itself. Used only on the writer's connection.
final class RowStatements {
    private enum Kind: Int, CaseIterable {
        case insertGlobal, updateGlobalStatus, deleteGlobal
        case insertBranch, updateBranch, deleteBranch, insertLock, markLock, deleteLock
        // Prepared once too: GRDB's `inTransaction` compiles its BEGIN and COMMIT at every call.
        case begin, commit, rollback

        var sql: String {
            switch self {
            case .begin: "BEGIN IMMEDIATE"
            case .commit: "COMMIT"
            case .rollback: "ROLLBACK"
            case .insertGlobal:
                """
                INSERT INTO global_table (xid, transaction_id, status, application_id, transaction_service_group,
                    transaction_name, timeout, begin_time, application_data, gmt_create, gmt_modified)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
                """
            case .updateGlobalStatus: "UPDATE global_table SET status = ?1, gmt_modified = ?2 WHERE xid = ?3"
            case .deleteGlobal: "DELETE FROM global_table WHERE xid = ?1"
            case .insertBranch:
                """
                INSERT INTO branch_table (branch_id, xid, transaction_id, resource_group_id, resource_id, branch_type,
                    status, client_id, application_data, gmt_create, gmt_modified)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
                """
            case .updateBranch:
                "UPDATE branch_table SET status = ?1, application_data = ?2, gmt_modified = ?3 WHERE branch_id = ?4"
            case .deleteBranch: "DELETE FROM branch_table WHERE branch_id = ?1"
            case .insertLock:
                """
                INSERT INTO lock_table (row_key, xid, transaction_id, branch_id, resource_id, table_name, pk, status,
                    gmt_create, gmt_modified)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
                """
            case .markLock: "UPDATE lock_table SET status = ?1, gmt_modified = ?2 WHERE row_key = ?3"
            case .deleteLock: "DELETE FROM lock_table WHERE row_key = ?1"
            }
        }
    }

    /// SQLite refused a statement.
    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var description: String { "SQLite error \(code): \(message)" }
    }

    private let connection: OpaquePointer
    private var handles: [OpaquePointer] = []
    // `gmt_*` values of the batch being written: one clock reading per batch.
    private var seconds = ""
    private var milliseconds = ""
    private var stampedSecond: Int64 = -1

    init(_ db: Database) throws {
        guard let connection = db.sqliteConnection else { throw Failure(code: SQLITE_MISUSE, message: "closed") }
        self.connection = connection
        for kind in Kind.allCases {
            var handle: OpaquePointer?
            let code = sqlite3_prepare_v3(connection, kind.sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
            guard code == SQLITE_OK, let handle else { throw failure(code) }
            handles.append(handle)
        }
    }

    deinit {
        for handle in handles { sqlite3_finalize(handle) }
    }

    /// Sets the timestamps for the rows of the next batch (the text of the second is made once
    /// per second, not per batch).
    func stamp(_ date: Date) {
        let milli = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let second = milli / 1000
        if second != stampedSecond {
            stampedSecond = second
            var time = time_t(second)
            var parts = tm()
            gmtime_r(&time, &parts)
            seconds =
                digits(Int(parts.tm_year) + 1900, 4) + "-" + digits(Int(parts.tm_mon) + 1, 2) + "-"
                + digits(Int(parts.tm_mday), 2) + " " + digits(Int(parts.tm_hour), 2) + ":"
                + digits(Int(parts.tm_min), 2) + ":" + digits(Int(parts.tm_sec), 2)
        }
        milliseconds = seconds + "." + digits(Int(milli % 1000), 3)
    }

    private func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Runs `body` in one immediate transaction, committed if it returns, rolled back if it
    /// throws (or if the commit fails).
    func transaction(_ body: () throws -> Void) throws {
        try run(.begin) { _ in }
        do {
            try body()
            try run(.commit) { _ in }
        } catch {
            // After a failed COMMIT, SQLite may have rolled back already; the ROLLBACK then fails.
            if sqlite3_get_autocommit(connection) == 0 { try? run(.rollback) { _ in } }
            throw error
        }
    }

    /// Writes one change.
    func apply(_ change: RowChange) throws {
        switch change {
        case .insertGlobal(let session):
            try run(.insertGlobal) { s in
                text(s, 1, session.xid)
                sqlite3_bind_int64(s, 2, session.transactionId)
                sqlite3_bind_int64(s, 3, Int64(session.status.rawValue))
                text(s, 4, session.applicationId)
                text(s, 5, session.transactionServiceGroup)
                text(s, 6, session.transactionName)
                sqlite3_bind_int64(s, 7, Int64(session.timeout))
                sqlite3_bind_int64(s, 8, session.beginTime)
                text(s, 9, session.applicationData)
                text(s, 10, seconds)
            }
        case .updateGlobalStatus(let xid, let status):
            try run(.updateGlobalStatus) { s in
                sqlite3_bind_int64(s, 1, Int64(status.rawValue))
                text(s, 2, seconds)
                text(s, 3, xid)
            }
        case .deleteGlobal(let xid, let branchIds, let rowKeys):
            try deleteLocks(rowKeys)
            for branchId in branchIds { try run(.deleteBranch) { sqlite3_bind_int64($0, 1, branchId) } }
            try run(.deleteGlobal) { text($0, 1, xid) }
        case .insertBranch(let branch):
            try run(.insertBranch) { s in
                sqlite3_bind_int64(s, 1, branch.branchId)
                text(s, 2, branch.xid)
                sqlite3_bind_int64(s, 3, branch.transactionId)
                text(s, 4, branch.resourceGroupId)
                text(s, 5, branch.resourceId)
                text(s, 6, branch.branchType.description)
                sqlite3_bind_int64(s, 7, Int64(branch.status.rawValue))
                text(s, 8, branch.clientId)
                text(s, 9, branch.applicationData)
                text(s, 10, milliseconds)
            }
        case .updateBranch(let branchId, let status, let applicationData):
            try run(.updateBranch) { s in
                sqlite3_bind_int64(s, 1, Int64(status.rawValue))
                text(s, 2, applicationData)
                text(s, 3, milliseconds)
                sqlite3_bind_int64(s, 4, branchId)
            }
        case .deleteBranch(let branchId):
            try run(.deleteBranch) { sqlite3_bind_int64($0, 1, branchId) }
        case .insertLocks(let rows):
            for row in rows {
                try run(.insertLock) { s in
                    text(s, 1, row.rowKey)
                    text(s, 2, row.xid)
                    sqlite3_bind_int64(s, 3, row.transactionId)
                    sqlite3_bind_int64(s, 4, row.branchId)
                    text(s, 5, row.resourceId)
                    text(s, 6, row.tableName)
                    text(s, 7, row.pk)
                    sqlite3_bind_int64(s, 8, Int64(row.status.rawValue))
                    text(s, 9, seconds)
                }
            }
        case .deleteLocks(let rowKeys):
            try deleteLocks(rowKeys)
        case .markLocks(let rowKeys, let status):
            for rowKey in rowKeys {
                try run(.markLock) { s in
                    sqlite3_bind_int64(s, 1, Int64(status.rawValue))
                    text(s, 2, seconds)
                    text(s, 3, rowKey)
                }
            }
        }
    }

    private func deleteLocks(_ rowKeys: [String]) throws {
        for rowKey in rowKeys { try run(.deleteLock) { text($0, 1, rowKey) } }
    }

    private func run(_ kind: Kind, _ bind: (OpaquePointer) -> Void) throws {
        let handle = handles[kind.rawValue]
        defer { sqlite3_reset(handle) }
        bind(handle)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func failure(_ code: Int32) -> Failure {
        Failure(code: code, message: String(cString: sqlite3_errmsg(connection)))
    }
}

/// SQLite copies the text now (SQLITE_TRANSIENT); empty text is stored as NULL, as Seata's
/// clients send absent strings.
private func text(_ statement: OpaquePointer, _ index: Int32, _ value: String) {
    if value.isEmpty {
        sqlite3_bind_null(statement, index)
        return
    }
    var value = value
    value.withUTF8 { bytes in
        _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            sqlite3_bind_text(statement, index, chars.baseAddress, Int32(chars.count), transient)
        }
    }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
