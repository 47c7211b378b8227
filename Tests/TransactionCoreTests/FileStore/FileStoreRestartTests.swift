import FileStore
import Foundation
import GRDB
import SeataProtocol
import Testing
import TransactionCore

/// A coordinator restarted on its store folder finds every session, branch and lock, and its
/// jobs finish what was in flight (TC.md "Stores"; issue 11's kill -9 test).
struct FileStoreRestartTests {
    @Test func aRestartRebuildsSessionsBranchesAndLocksAndTheJobsFinishThem() async throws {
        let folder = try TemporaryDirectory()
        let before = try Harness(mode: .sync, settings: .atBranchesByTheJob, folder: folder)
        let open = try await before.begin()
        let atBranch = try await before.register(open, .at, resource: "db", lockKey: "orders:1,2;items:5")
        let tccBranch = try await before.register(open, resource: "stock")
        let asyncCommit = try await before.begin()
        _ = try await before.register(asyncCommit, .at, resource: "db", lockKey: "orders:3")
        #expect(try await before.coordinator.commit(xid: asyncCommit) == .committed)
        let retryingCommit = try await before.begin()
        _ = try await before.register(retryingCommit, resource: "payment")
        before.messenger.script("payment", .unreachable)
        #expect(try await before.coordinator.commit(xid: retryingCommit) == .commitRetrying)
        let retryingRollback = try await before.begin()
        _ = try await before.register(retryingRollback, .at, resource: "db2", lockKey: "orders:4")
        before.messenger.script("db2", .unreachable)
        #expect(try await before.coordinator.rollback(xid: retryingRollback) == .rollbackRetrying)
        let largest = before.store.largestId
        await before.store.close()

        let after = try Harness(mode: .sync, folder: folder)
        #expect(after.store.largestId > largest)
        let restored = try #require(try await after.session(open))
        #expect(restored.status == .begin && restored.isActive)
        #expect(restored.branches.map(\.branchId) == [atBranch, tccBranch])
        #expect(restored.branches[0].lockKey == "orders:1,2;items:5")
        #expect(restored.branches[0].clientId == Harness.rm)
        #expect(try await after.session(asyncCommit)?.status == .asyncCommitting)
        #expect(try await after.session(retryingCommit)?.status == .commitRetrying)
        #expect(try await after.session(retryingRollback)?.status == .rollbackRetrying)
        // The rows are held again, the rolling-back one as rolling back.
        let other = try await after.begin()
        let conflict = await transactionError {
            try await after.register(other, .at, resource: "db", lockKey: "items:5")
        }
        #expect(conflict?.code == .lockKeyConflict)
        let failFast = await transactionError {
            try await after.register(
                other,
                .at,
                resource: "db2",
                lockKey: "orders:4",
                applicationData: #"{"autoCommit":false}"#
            )
        }
        #expect(failFast?.code == .lockKeyConflictFailFast)
        #expect(
            try await after.coordinator.begin(applicationId: "a", transactionServiceGroup: "g", name: "", timeout: 1)
                > open
        )

        await after.coordinator.runRecoveryJob(.asyncCommitting)
        await after.coordinator.runRecoveryJob(.retryCommitting)
        await after.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await after.session(asyncCommit) == nil)
        #expect(try await after.session(retryingCommit) == nil)
        #expect(try await after.session(retryingRollback) == nil)
        after.clock.advance(milliseconds: 60_001)
        await after.coordinator.runRecoveryJob(.timeoutCheck)
        await after.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await after.session(open) == nil)
        #expect(after.messenger.calls(.rollback).map(\.branchId).prefix(3).contains(tccBranch))
        await after.close()
    }

    @Test func aCopyOfTheFileTakenWithoutClosingTheStoreHasEverySyncChange() async throws {
        let h = try Harness(mode: .sync)
        let xid = try await h.begin()
        let branch = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        // What a kill -9 leaves: the files as they are, the store never closed.
        let copy = try TemporaryDirectory()
        for suffix in ["", "-wal"] {
            let source = h.store.databasePath + suffix
            if FileManager.default.fileExists(atPath: source) {
                try FileManager.default.copyItem(
                    atPath: source,
                    toPath: copy.path + "/" + FileStore.databaseName + suffix
                )
            }
        }
        let reopened = try FileStore.open(path: copy.path)
        #expect(try await reopened.global(xid: xid)?.branches.map(\.branchId) == [branch])
        #expect(try await reopened.lockedRows(["db^^^orders^^^1"]).map(\.xid) == [xid])
        await reopened.close()
        copy.remove()
        await h.close()
    }

    @Test func aStoreMadeWithTheOldIndexesOpensWithoutThemAndEndsItsSessionsRowByRow() async throws {
        let folder = try TemporaryDirectory()
        let before = try Harness(mode: .sync, folder: folder)
        let xid = try await before.begin()
        _ = try await before.register(xid, .at, resource: "db", lockKey: "orders:1,2")
        _ = try await before.register(xid, .at, resource: "db", lockKey: "items:7")
        _ = try await before.register(xid, resource: "stock")
        await before.store.close()
        let path = folder.path + "/" + FileStore.databaseName
        // The secondary indexes earlier versions made.
        try withFreshConnection(path) { db in
            try db.execute(
                sql: """
                    CREATE INDEX idx_xid ON branch_table (xid);
                    CREATE INDEX idx_branch_id ON lock_table (branch_id);
                    CREATE INDEX idx_lock_xid ON lock_table (xid);
                    """
            )
        }

        let after = try Harness(mode: .sync, folder: folder)
        #expect(try scalar(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'") == 0)
        #expect(try await after.session(xid)?.branches.count == 3)
        #expect(try await after.coordinator.rollback(xid: xid) == .rollbacked)
        // Every branch and lock row goes by its key, the session's row with them.
        var left: [Int?] = []
        for _ in 0..<100 {
            left = try ["global_table", "branch_table", "lock_table"]
                .map {
                    try scalar(path, "SELECT count(*) FROM \($0)")
                }
            if left == [0, 0, 0] { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(left == [0, 0, 0])
        await after.close()
    }

    @Test(arguments: [(GlobalStatus.committing, PhaseTwoCall.commit), (.rollbacking, .rollback)])
    func aSessionLeftInPhaseTwoByACrashIsFinishedByTheRetryJob(_ status: GlobalStatus, _ phase: PhaseTwoCall)
        async throws
    {
        let folder = try TemporaryDirectory()
        // Rows as a coordinator that died in the middle of phase two left them.
        let seed = try FileStore.open(path: folder.path)
        await seed.close()
        try withFreshConnection(folder.path + "/" + FileStore.databaseName) { db in
            try db.execute(
                sql: """
                    INSERT INTO global_table (xid, transaction_id, status, application_id, transaction_service_group,
                        transaction_name, timeout, begin_time) VALUES ('10.0.0.1:8091:7', 7, ?, 'shop', 'g', 'n', 60000, 1);
                    INSERT INTO branch_table (branch_id, xid, transaction_id, resource_id, branch_type, status, client_id,
                        gmt_create) VALUES (8, '10.0.0.1:8091:7', 7, 'stock', 'TCC', 1, 'shop:1.2.3.4:5', '2025-01-01 00:00:00.000');
                    """,
                arguments: [Int(status.rawValue)]
            )
        }
        let h = try Harness(folder: folder)
        await h.coordinator.runRecoveryJob(.retryCommitting)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(h.messenger.calls == [FakeMessenger.Call(phase: phase, branchId: 8, resourceId: "stock")])
        #expect(try await h.session("10.0.0.1:8091:7") == nil)
        await h.close()
    }

    @Test func aRowWithAnUnknownStatusRefusesToOpenWithTheRowNamed() async throws {
        let folder = try TemporaryDirectory()
        let seed = try FileStore.open(path: folder.path)
        await seed.close()
        try withFreshConnection(folder.path + "/" + FileStore.databaseName) { db in
            try db.execute(sql: "INSERT INTO global_table (xid, status) VALUES ('x:1:2', 99)")
        }
        #expect {
            _ = try FileStore.open(path: folder.path)
        } throws: { error in
            "\(error)".contains("xid=x:1:2 has status 99")
        }
        // The refused open released the folder: a second try fails on the row again, not on the lock.
        #expect {
            _ = try FileStore.open(path: folder.path)
        } throws: { error in
            "\(error)".contains("has status 99")
        }
        folder.remove()
    }
}
