import FileStore
import GRDB
import SeataProtocol
import Testing
import TransactionCore

/// A write the disk refuses reaches the caller as a failed result, and memory never keeps what
/// the file does not have.
struct FileStoreFailureTests {
    /// Makes the database refuse rows: a trigger installed through another connection.
    static func poison(_ h: Harness, table: String, column: String) throws {
        try withFreshConnection(h.store.databasePath) { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER poison_\(table) BEFORE INSERT ON \(table) WHEN NEW.\(column) = 'poison'
                    BEGIN SELECT RAISE(ABORT, 'injected write failure'); END
                    """
            )
        }
    }

    @Test func aFailedBeginIsFailedWriteSessionAndLeavesNoTrace() async throws {
        let h = try Harness(mode: .sync)
        let kept = try await h.begin()
        _ = try await h.register(kept, .at, resource: "db", lockKey: "orders:1")
        try Self.poison(h, table: "global_table", column: "transaction_name")
        let failed = await transactionError { try await h.begin(name: "poison") }
        #expect(failed?.code == .failedWriteSession)
        #expect(try await h.coordinator.unfinishedCount() == 1)
        #expect(try await h.session(kept)?.branches.count == 1)
        #expect(
            !(try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1"))
        )
        let next = try await h.begin()
        #expect(try scalar(h.store.databasePath, "SELECT count(*) FROM global_table WHERE xid = ?", [next]) == 1)
        await h.close()
    }

    @Test func aFailedRegisterIsFailedToAddBranchAndTakesNoLock() async throws {
        let h = try Harness(mode: .sync)
        let xid = try await h.begin()
        try Self.poison(h, table: "branch_table", column: "resource_id")
        let failed = await transactionError { try await h.register(xid, .at, resource: "poison", lockKey: "orders:1") }
        #expect(failed?.code == .failedToAddBranch)
        #expect(try await h.session(xid)?.branches.isEmpty == true)
        #expect(
            try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "poison", lockKey: "orders:1")
        )
        #expect(try scalar(h.store.databasePath, "SELECT count(*) FROM lock_table") == 0)
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        await h.close()
    }

    @Test func inAsyncModeALostWriteIsDroppedFromMemoryToo() async throws {
        let h = try Harness(mode: .async)
        try Self.poison(h, table: "global_table", column: "transaction_name")
        let lost = try await h.begin(name: "poison")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await h.session(lost) == nil)
        #expect(try await h.coordinator.commit(xid: lost) == .finished)
        await h.close()
    }
}
