import PostgresNIO
import Testing

@testable import DatabaseStore

/// The planner settings every store connection starts with (`ConnectionParameters.planning`),
/// read back from the server, and what they are for: the live-coordinator read, which has no
/// index path, runs without being JIT-compiled (a disabled sequential scan is priced above
/// PostgreSQL's JIT thresholds, and compiling it cost 80–110 ms a call).
@Suite(.serialized) struct ConnectionSettingsTests {
    @Test func storeConnectionsPlanGenericallyWithoutSequentialScansOrJIT() async throws {
        let (store, _, _, _) = try await DatabaseStoreTests.fresh("planning")
        defer { Task { await store.close() } }
        let settings = try await store.run(
            "SELECT current_setting('plan_cache_mode'), current_setting('enable_seqscan'), current_setting('jit')"
        ) { rows in
            var settings: [String] = []
            for try await row in rows {
                let (plans, seqscan, jit) = try row.decode((String, String, String).self)
                settings = [plans, seqscan, jit]
            }
            return settings
        }
        #expect(settings == ["force_generic_plan", "off", "off"])

        _ = try await store.claimWorkerId(owner: "10.0.0.1:8091", preferred: 0, lease: .seconds(30))
        var binds = PostgresBindings(capacity: 1)
        binds.append(DatabaseStore.instanceKeyPrefix + "%")
        let plan = try await store.run("EXPLAIN (ANALYZE) " + store.sql.liveOwners, binds) { rows in
            var lines: [String] = []
            for try await row in rows { lines.append(try row.decode(String.self)) }
            return lines
        }
        #expect(!plan.isEmpty)
        #expect(
            !plan.contains { $0.hasPrefix("JIT") },
            "the live-coordinator read was JIT-compiled:\n\(plan.joined(separator: "\n"))"
        )
        #expect(try await store.liveCoordinators() == ["10.0.0.1:8091"])
    }
}
