import FileStore
import GRDB
import SeataProtocol
import Testing
import TransactionCore

/// What is on disk when a call returns (TC.md "Stores": sync and async flush modes).
struct FileStoreDurabilityTests {
    @Test func inSyncModeEveryAnsweredChangeIsInTheFileWhenTheCallReturns() async throws {
        let h = try Harness(mode: .sync, settings: .atBranchesByTheJob)
        let path = h.store.databasePath
        let xid = try await h.begin()
        #expect(try scalar(path, "SELECT status FROM global_table WHERE xid = ?", [xid]) == 1)
        let branch = try await h.register(xid, .at, resource: "db", lockKey: "orders:1,2")
        #expect(try scalar(path, "SELECT status FROM branch_table WHERE branch_id = ?", [branch]) == 1)
        #expect(
            try scalar(path, "SELECT count(*) FROM lock_table WHERE xid = ? AND branch_id = ?", [xid, branch]) == 2
        )
        let stamps = try withFreshConnection(path) { db in
            try Row.fetchOne(
                db,
                sql: "SELECT g.gmt_create, b.gmt_create FROM global_table g JOIN branch_table b ON b.xid = g.xid"
            )
        }
        let global: String = try #require(stamps)[0]
        let branchStamp: String = try #require(stamps)[1]
        #expect(global.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil)
        #expect(branchStamp.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}/) != nil)
        try await h.coordinator.reportBranch(xid: xid, branchId: branch, status: .phaseOneDone, applicationData: "")
        #expect(try scalar(path, "SELECT status FROM branch_table WHERE branch_id = ?", [branch]) == 2)
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(try scalar(path, "SELECT status FROM global_table WHERE xid = ?", [xid]) == 8)
        #expect(try scalar(path, "SELECT count(*) FROM lock_table") == 0)
        await h.coordinator.runRecoveryJob(.asyncCommitting)
        // The job's branch removals and the session's end are deferred (the decision is on disk):
        // they go with the next commit, within the flush interval (10 ms) when there is none.
        var gone = false
        for _ in 0..<100 where !gone {
            gone =
                try scalar(path, "SELECT count(*) FROM global_table") == 0
                && scalar(path, "SELECT count(*) FROM branch_table") == 0
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "the finished session's rows are deleted within the flush interval")
        await h.close()
    }

    /// When Committed is answered the file holds the decision (the session gone, or still in
    /// Committing for a restart to finish: never in Begin), and the session's end follows at once.
    @Test func inSyncModeATCCCommitIsDecidedInTheFileWhenCommittedIsAnsweredAndGoneRightAfter() async throws {
        let h = try Harness(mode: .sync)
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        _ = try await h.register(xid, resource: "payment")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        let status = try scalar(h.store.databasePath, "SELECT coalesce(max(status), 0) FROM global_table") ?? 0
        #expect(status == 0 || status == Int(GlobalStatus.committing.rawValue), "status \(status) in the file")
        var gone = false
        for _ in 0..<100 where !gone {
            gone =
                try scalar(h.store.databasePath, "SELECT count(*) FROM global_table") == 0
                && scalar(h.store.databasePath, "SELECT count(*) FROM branch_table") == 0
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "the session's end is written right after the answer")
        await h.close()
    }

    @Test func inAsyncModeAChangeIsInTheFileWithinTheFlushInterval() async throws {
        let folder = try TemporaryDirectory()
        let store = try FileStore.open(
            path: folder.path,
            options: FileStore.Options(flushDiskMode: .async, asyncFlushInterval: .milliseconds(300))
        )
        let session = GlobalSession.numbered(1)
        let start = ContinuousClock.now
        try await store.insertGlobal(session, durability: .answer)
        let count = try scalar(store.databasePath, "SELECT count(*) FROM global_table")
        if ContinuousClock.now - start < .milliseconds(150) {
            // Returned before the writer committed: the call did not wait for the disk.
            #expect(count == 0)
        }
        try await Task.sleep(for: .milliseconds(300 + 300))
        #expect(try scalar(store.databasePath, "SELECT count(*) FROM global_table") == 1)
        await store.close()
        folder.remove()
    }

    @Test func inAsyncModeACommitDecisionIsInTheFileBeforeTheAnswer() async throws {
        let folder = try TemporaryDirectory()
        let h = try Harness(mode: .async, folder: folder)
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(try scalar(h.store.databasePath, "SELECT status FROM global_table WHERE xid = ?", [xid]) == 8)
        await h.close()
    }

    @Test func theTablesHaveSeatasColumnsAndJobRows() async throws {
        let h = try Harness()
        let columns = try withFreshConnection(h.store.databasePath) { db in
            try ["global_table", "branch_table", "lock_table", "distributed_lock"]
                .map { table in
                    try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                }
        }
        #expect(
            columns == [
                [
                    "xid", "transaction_id", "status", "application_id", "transaction_service_group",
                    "transaction_name",
                    "timeout", "begin_time", "application_data", "gmt_create", "gmt_modified",
                ],
                [
                    "branch_id", "xid", "transaction_id", "resource_group_id", "resource_id", "branch_type", "status",
                    "client_id", "application_data", "gmt_create", "gmt_modified",
                ],
                [
                    "row_key", "xid", "transaction_id", "branch_id", "resource_id", "table_name", "pk", "status",
                    "gmt_create", "gmt_modified",
                ],
                ["lock_key", "lock_value", "expire"],
            ]
        )
        let jobs = try withFreshConnection(h.store.databasePath) { db in
            try String.fetchAll(db, sql: "SELECT lock_key FROM distributed_lock ORDER BY lock_key")
        }
        #expect(jobs == ["AsyncCommitting", "RetryCommitting", "RetryRollbacking", "TxTimeoutCheck"])
        await h.close()
    }

    @Test func aSecondCoordinatorCannotOpenTheSameFolder() async throws {
        let h = try Harness()
        #expect {
            _ = try FileStore.open(path: h.folder.path)
        } throws: { error in
            "\(error)".contains("is in use by another coordinator (pid ")
        }
        await h.close()
    }
}
