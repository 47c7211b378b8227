import DatabaseTestSupport
import Testing

@testable import DatabaseStore

/// The store's compare-and-set statements find their rows by xid whatever the statistics say.
///
/// A generic plan made while `global_table` held many dead rows once took Seata's `(status,
/// gmt_modified)` index for a decision or an end, and visited every session in the expected
/// status for each row of the batch. The statements compare the status in a form no index
/// serves (`BatchSQL.updateStatuses`). Checked with the primary key dropped, in a database of
/// the test's own: the planner then has the status index or nothing, and must not take it.
@Suite(.serialized) struct StatementPlanTests {
    @Test func decisionsAndEndsNeverSearchByStatus() async throws {
        let pg = try TestPostgres.shared()
        let (database, url) = try await pg.createDatabase("plans")
        _ = try await DatabaseStore.initialize(try DatabaseStoreTests.settings(url))
        let sql = BatchSQL(TableNames())
        let statements: [(name: String, text: String, arguments: String)] = [
            ("updateStatuses", sql.updateStatuses, "'{a,b}', '{1,1}', '{2,2}', '{\"\",\"\"}'"),
            ("updateStatusOfOne", sql.updateStatusOfOne, "'{a}', '{1}', '{2}', '{\"\"}'"),
            ("deleteGlobals", sql.deleteGlobals, "'{a,b}', '{1,1}', 'on', '{\"\",\"\"}'"),
            ("endGlobals", sql.endGlobals, "'{a,b}', '{2,2}', 'off', '{\"\",\"\"}'"),
            ("endGlobalOfOne", sql.endGlobalOfOne, "'{a}', '{2}', 'off', '{\"\"}'"),
        ]
        try await pg.psql(database, "ALTER TABLE global_table DROP CONSTRAINT pk_global_table")
        for statement in statements {
            let plan = try await pg.psql(
                database,
                """
                SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off; SET jit = off;
                PREPARE statement AS \(statement.text);
                EXPLAIN EXECUTE statement(\(statement.arguments));
                """
            )
            #expect(plan.contains("global_table"), "\(statement.name): no plan?\n\(plan)")
            #expect(
                !plan.contains("idx_global_table_status_gmt_modified"),
                "\(statement.name) searches global_table by status:\n\(plan)"
            )
        }
    }
}
