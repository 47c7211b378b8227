import GRDB

/// Seata's db-store tables (TC.md; script/server/db/*.sql), with SQLite's types: the same names
/// and columns as the PostgreSQL store, so one SQL shape serves both.
///
/// Timestamps are UTC text, `YYYY-MM-DD HH:MM:SS` (`gmt_*` of global_table and lock_table,
/// timestamp(0)) and with milliseconds for branch_table (timestamp(6) in PostgreSQL), which
/// also orders branches by registration.
///
/// No secondary index: the in-memory index answers every query, and the writer names each row
/// by its primary key (`RowChange`), so an index would only cost a B-tree write per row. Stores
/// made by earlier versions had three (`idx_xid`, `idx_branch_id`, `idx_lock_xid`); they are
/// dropped at open.
enum Schema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS global_table (
            xid                       TEXT    NOT NULL PRIMARY KEY,
            transaction_id            INTEGER,
            status                    INTEGER NOT NULL,
            application_id            TEXT,
            transaction_service_group TEXT,
            transaction_name          TEXT,
            timeout                   INTEGER,
            begin_time                INTEGER,
            application_data          TEXT,
            gmt_create                TEXT,
            gmt_modified              TEXT
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS branch_table (
            branch_id         INTEGER NOT NULL PRIMARY KEY,
            xid               TEXT    NOT NULL,
            transaction_id    INTEGER,
            resource_group_id TEXT,
            resource_id       TEXT,
            branch_type       TEXT,
            status            INTEGER,
            client_id         TEXT,
            application_data  TEXT,
            gmt_create        TEXT,
            gmt_modified      TEXT
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS lock_table (
            row_key        TEXT    NOT NULL PRIMARY KEY,
            xid            TEXT,
            transaction_id INTEGER,
            branch_id      INTEGER NOT NULL,
            resource_id    TEXT,
            table_name     TEXT,
            pk             TEXT,
            status         INTEGER NOT NULL DEFAULT 0,
            gmt_create     TEXT,
            gmt_modified   TEXT
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS distributed_lock (
            lock_key   TEXT    NOT NULL PRIMARY KEY,
            lock_value TEXT    NOT NULL,
            expire     INTEGER NOT NULL
        )
        """,
        """
        INSERT OR IGNORE INTO distributed_lock (lock_key, lock_value, expire) VALUES
            ('AsyncCommitting', ' ', 0), ('RetryCommitting', ' ', 0),
            ('RetryRollbacking', ' ', 0), ('TxTimeoutCheck', ' ', 0)
        """,
        "DROP INDEX IF EXISTS idx_xid",
        "DROP INDEX IF EXISTS idx_branch_id",
        "DROP INDEX IF EXISTS idx_lock_xid",
    ]

    static func create(_ db: Database) throws {
        try db.inTransaction {
            for statement in statements { try db.execute(sql: statement) }
            return .commit
        }
    }
}
