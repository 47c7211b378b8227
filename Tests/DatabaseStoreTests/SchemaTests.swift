import DatabaseStore
import DatabaseTestSupport
import Foundation
import Testing
import ZooKeeperTestSupport

struct SchemaFileTests {
    static var shippedPath: String { TestEnvironment.packageRoot + "/" + DatabaseSchema.scriptPath }

    /// `REGENERATE_DDL=1 swift test --filter SchemaFileTests` rewrites the file from the code.
    @Test func theShippedDDLIsWhatInitStoreRuns() throws {
        let expected = DatabaseSchema.script(for: TableNames())
        if ProcessInfo.processInfo.environment["REGENERATE_DDL"] == "1" {
            try expected.write(toFile: Self.shippedPath, atomically: true, encoding: .utf8)
        }
        let shipped = try String(contentsOfFile: Self.shippedPath, encoding: .utf8)
        #expect(shipped == expected)
    }
}

@Suite(.serialized) struct CatalogTests {
    /// Seata 2.x's columns (script/server/db/postgresql.sql), written out here independently of
    /// the code that makes the DDL: name, type as the catalog prints it, not null.
    static let seata: [String: [String]] = [
        "global_table": [
            "xid|character varying(128)|t", "transaction_id|bigint|f", "status|smallint|t",
            "application_id|character varying(32)|f", "transaction_service_group|character varying(32)|f",
            "transaction_name|character varying(128)|f", "timeout|integer|f", "begin_time|bigint|f",
            "application_data|character varying(2000)|f", "gmt_create|timestamp(0) without time zone|f",
            "gmt_modified|timestamp(0) without time zone|f",
        ],
        "branch_table": [
            "branch_id|bigint|t", "xid|character varying(128)|t", "transaction_id|bigint|f",
            "resource_group_id|character varying(32)|f", "resource_id|character varying(256)|f",
            "branch_type|character varying(8)|f", "status|smallint|f", "client_id|character varying(64)|f",
            "application_data|character varying(2000)|f", "gmt_create|timestamp(6) without time zone|f",
            "gmt_modified|timestamp(6) without time zone|f",
        ],
        "lock_table": [
            "row_key|character varying(128)|t", "xid|character varying(128)|f", "transaction_id|bigint|f",
            "branch_id|bigint|t", "resource_id|character varying(256)|f", "table_name|character varying(32)|f",
            "pk|character varying(36)|f", "status|smallint|t", "gmt_create|timestamp(0) without time zone|f",
            "gmt_modified|timestamp(0) without time zone|f",
        ],
        "distributed_lock": [
            "lock_key|character varying(20)|t", "lock_value|character varying(20)|t", "expire|bigint|t",
        ],
    ]

    static func columns(_ pg: TestPostgres, _ database: String, _ table: String) async throws -> [String] {
        try await pg.psql(
            database,
            """
            SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
            WHERE attrelid = '\(table)'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """
        )
        .split(separator: "\n").map(String.init)
    }

    @Test func theShippedDDLMakesSeatasColumnsInSeatasOrder() async throws {
        let pg = try TestPostgres.shared()
        let (database, _) = try await pg.createDatabase("catalog")
        try await pg.apply(file: SchemaFileTests.shippedPath, to: database)
        // Applying it again changes nothing (IF NOT EXISTS, seeded rows kept once).
        try await pg.apply(file: SchemaFileTests.shippedPath, to: database)
        for (table, columns) in Self.seata {
            #expect(try await Self.columns(pg, database, table) == columns, "\(table)")
        }
        #expect(
            try await pg.psql(
                database,
                "SELECT column_default FROM information_schema.columns WHERE table_name = 'lock_table' AND column_name = 'status'"
            ) == "0"
        )
        let seeded = try await pg.psql(
            database,
            "SELECT lock_key || '=' || expire FROM distributed_lock ORDER BY lock_key"
        )
        #expect(seeded == "AsyncCommitting=0\nRetryCommitting=0\nRetryRollbacking=0\nTxTimeoutCheck=0")
        let keys = try await pg.psql(
            database,
            "SELECT conrelid::regclass || ':' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace ORDER BY conrelid::regclass::text"
        )
        #expect(
            keys
                == "branch_table:PRIMARY KEY (branch_id)\ndistributed_lock:PRIMARY KEY (lock_key)\nglobal_table:PRIMARY KEY (xid)\nlock_table:PRIMARY KEY (row_key)"
        )
    }

    @Test func initializeCreatesTheConfiguredNamesAndReportsThem() async throws {
        let pg = try TestPostgres.shared()
        let (database, url) = try await pg.createDatabase("init")
        let tables = TableNames(global: "tc_global", branch: "tc_branch", lock: "tc_lock", distributedLock: "tc_dlock")
        let settings = DatabaseSettings(
            // Connecting has its own bound (5 s by default), too short for the whole suite in
            // parallel on a loaded 2-core box; CI timed out here once.
            url: try JDBCURL(parsing: url + "?connectTimeout=30"),
            user: TestPostgres.user,
            password: TestPostgres.password,
            tables: tables
        )
        let created = try await DatabaseStore.initialize(settings)
        #expect(created == ["tc_global", "tc_branch", "tc_lock", "tc_dlock"])
        #expect(try await Self.columns(pg, database, "tc_global") == Self.seata["global_table"])
        #expect(try await Self.columns(pg, database, "tc_dlock") == Self.seata["distributed_lock"])
        #expect(try await DatabaseStore.initialize(settings).isEmpty)
    }

    @Test func aFailedInitializationLeavesNothingBehind() async throws {
        let pg = try TestPostgres.shared()
        let (database, url) = try await pg.createDatabase("half")
        // A view where the lock table belongs: CREATE TABLE IF NOT EXISTS skips it, and the
        // statement after it (a comment on its status column) fails halfway through the DDL.
        try await pg.psql(database, "CREATE VIEW lock_table AS SELECT 1 AS one")
        let settings = DatabaseSettings(
            url: try JDBCURL(parsing: url + "?connectTimeout=30"),
            user: "seata",
            password: TestPostgres.password
        )
        await #expect(throws: DatabaseStoreError.self) { _ = try await DatabaseStore.initialize(settings) }
        let tables = try await pg.psql(
            database,
            "SELECT count(*) FROM pg_class WHERE relname IN ('global_table', 'branch_table', 'distributed_lock')"
        )
        #expect(tables == "0")
    }
}
