/// Seata's db-store tables for PostgreSQL (script/server/db/postgresql.sql of Seata 2.x):
/// the same tables and columns, in the same order, so a Seata server and this coordinator read
/// each other's rows.
///
/// `Config/sql/postgresql.sql` is `script(for: TableNames())`, shipped for operators who apply
/// DDL themselves; `coordinator --init-store` runs `statements(for:)` with the configured names
/// in one transaction. Index names carry their table's name, so renamed tables in one schema
/// never collide.
public enum DatabaseSchema {
    /// A column as the catalog describes it.
    public struct Column: Sendable, Hashable, CustomStringConvertible {
        /// The column's name.
        public var name: String
        /// `format_type` of its type (`character varying(128)`, `bigint`, …).
        public var type: String
        /// Whether it is NOT NULL.
        public var notNull: Bool

        /// Makes a column.
        public init(_ name: String, _ type: String, notNull: Bool = false) {
            self.name = name
            self.type = type
            self.notNull = notNull
        }

        /// `name type [not null]`.
        public var description: String { "\(name) \(type)\(notNull ? " not null" : "")" }
    }

    /// Seata's columns of each table, in order, as PostgreSQL's catalog names their types.
    public static let columns: [Table: [Column]] = [
        .global: [
            Column("xid", "character varying(128)", notNull: true),
            Column("transaction_id", "bigint"),
            Column("status", "smallint", notNull: true),
            Column("application_id", "character varying(32)"),
            Column("transaction_service_group", "character varying(32)"),
            Column("transaction_name", "character varying(128)"),
            Column("timeout", "integer"),
            Column("begin_time", "bigint"),
            Column("application_data", "character varying(2000)"),
            Column("gmt_create", "timestamp(0) without time zone"),
            Column("gmt_modified", "timestamp(0) without time zone"),
        ],
        .branch: [
            Column("branch_id", "bigint", notNull: true),
            Column("xid", "character varying(128)", notNull: true),
            Column("transaction_id", "bigint"),
            Column("resource_group_id", "character varying(32)"),
            Column("resource_id", "character varying(256)"),
            Column("branch_type", "character varying(8)"),
            Column("status", "smallint"),
            Column("client_id", "character varying(64)"),
            Column("application_data", "character varying(2000)"),
            Column("gmt_create", "timestamp(6) without time zone"),
            Column("gmt_modified", "timestamp(6) without time zone"),
        ],
        .lock: [
            Column("row_key", "character varying(128)", notNull: true),
            Column("xid", "character varying(128)"),
            Column("transaction_id", "bigint"),
            Column("branch_id", "bigint", notNull: true),
            Column("resource_id", "character varying(256)"),
            Column("table_name", "character varying(32)"),
            Column("pk", "character varying(36)"),
            Column("status", "smallint", notNull: true),
            Column("gmt_create", "timestamp(0) without time zone"),
            Column("gmt_modified", "timestamp(0) without time zone"),
        ],
        .distributedLock: [
            Column("lock_key", "character varying(20)", notNull: true),
            Column("lock_value", "character varying(20)", notNull: true),
            Column("expire", "bigint", notNull: true),
        ],
    ]

    /// One of the four tables.
    public enum Table: String, Sendable, Hashable, CaseIterable {
        /// Global sessions.
        case global
        /// Branch sessions.
        case branch
        /// AT row locks.
        case lock
        /// Job leases.
        case distributedLock

        /// Its configured name.
        public func name(in tables: TableNames) -> String {
            switch self {
            case .global: tables.global
            case .branch: tables.branch
            case .lock: tables.lock
            case .distributedLock: tables.distributedLock
            }
        }

        /// The key that names it.
        public var key: String {
            switch self {
            case .global: "store.db.globalTable"
            case .branch: "store.db.branchTable"
            case .lock: "store.db.lockTable"
            case .distributedLock: "store.db.distributedLockTable"
            }
        }
    }

    /// Where the DDL file is shipped, relative to the project (and installed) root.
    public static let scriptPath = "Config/sql/postgresql.sql"

    /// The statements that create every table, index and seeded row, each idempotent.
    public static func statements(for tables: TableNames) -> [String] {
        let g = tables.global
        let b = tables.branch
        let l = tables.lock
        let d = tables.distributedLock
        let seeds = RecoveryJobKey.seeded.map { "('\($0)', ' ', 0)" }.joined(separator: ", ")
        return [
            """
            CREATE TABLE IF NOT EXISTS \(g)
            (
                xid                       VARCHAR(128) NOT NULL,
                transaction_id            BIGINT,
                status                    SMALLINT     NOT NULL,
                application_id            VARCHAR(32),
                transaction_service_group VARCHAR(32),
                transaction_name          VARCHAR(128),
                timeout                   INT,
                begin_time                BIGINT,
                application_data          VARCHAR(2000),
                gmt_create                TIMESTAMP(0),
                gmt_modified              TIMESTAMP(0),
                CONSTRAINT pk_\(indexPart(g)) PRIMARY KEY (xid)
            )
            """,
            "CREATE INDEX IF NOT EXISTS idx_\(indexPart(g))_status_gmt_modified ON \(g) (status, gmt_modified)",
            "CREATE INDEX IF NOT EXISTS idx_\(indexPart(g))_transaction_id ON \(g) (transaction_id)",
            """
            CREATE TABLE IF NOT EXISTS \(b)
            (
                branch_id         BIGINT       NOT NULL,
                xid               VARCHAR(128) NOT NULL,
                transaction_id    BIGINT,
                resource_group_id VARCHAR(32),
                resource_id       VARCHAR(256),
                branch_type       VARCHAR(8),
                status            SMALLINT,
                client_id         VARCHAR(64),
                application_data  VARCHAR(2000),
                gmt_create        TIMESTAMP(6),
                gmt_modified      TIMESTAMP(6),
                CONSTRAINT pk_\(indexPart(b)) PRIMARY KEY (branch_id)
            )
            """,
            "CREATE INDEX IF NOT EXISTS idx_\(indexPart(b))_xid ON \(b) (xid)",
            """
            CREATE TABLE IF NOT EXISTS \(l)
            (
                row_key        VARCHAR(128) NOT NULL,
                xid            VARCHAR(128),
                transaction_id BIGINT,
                branch_id      BIGINT       NOT NULL,
                resource_id    VARCHAR(256),
                table_name     VARCHAR(32),
                pk             VARCHAR(36),
                status         SMALLINT     NOT NULL DEFAULT 0,
                gmt_create     TIMESTAMP(0),
                gmt_modified   TIMESTAMP(0),
                CONSTRAINT pk_\(indexPart(l)) PRIMARY KEY (row_key)
            )
            """,
            "COMMENT ON COLUMN \(l).status IS '0:locked ,1:rollbacking'",
            "CREATE INDEX IF NOT EXISTS idx_\(indexPart(l))_branch_id ON \(l) (branch_id)",
            "CREATE INDEX IF NOT EXISTS idx_\(indexPart(l))_xid ON \(l) (xid)",
            "CREATE INDEX IF NOT EXISTS idx_\(indexPart(l))_status ON \(l) (status)",
            """
            CREATE TABLE IF NOT EXISTS \(d)
            (
                lock_key   VARCHAR(20) NOT NULL,
                lock_value VARCHAR(20) NOT NULL,
                expire     BIGINT      NOT NULL,
                CONSTRAINT pk_\(indexPart(d)) PRIMARY KEY (lock_key)
            )
            """,
            "INSERT INTO \(d) (lock_key, lock_value, expire) VALUES \(seeds) ON CONFLICT (lock_key) DO NOTHING",
        ]
    }

    /// The DDL as one script: every statement in one transaction, so a failure leaves nothing.
    public static func script(for tables: TableNames) -> String {
        var text = """
            -- Seata's db-store tables for PostgreSQL (the coordinator's store.mode=db), with Seata 2.x's
            -- columns. Apply with: psql -v ON_ERROR_STOP=1 -d DATABASE -f Config/sql/postgresql.sql
            -- or let the coordinator do it: coordinator --init-store (same statements, configured names).
            -- One transaction: a failure leaves nothing half-created. Safe to apply again.
            BEGIN;

            """
        for statement in statements(for: tables) { text += statement + ";\n\n" }
        text += "COMMIT;\n"
        return text
    }

    /// A table name as part of an index name: the schema's dot becomes an underscore.
    private static func indexPart(_ table: String) -> String {
        table.split(separator: ".").last.map(String.init) ?? table
    }
}

/// The rows Seata seeds into `distributed_lock`: one per recovery job it leases.
enum RecoveryJobKey {
    static let seeded = ["AsyncCommitting", "RetryCommitting", "RetryRollbacking", "TxTimeoutCheck"]
}
