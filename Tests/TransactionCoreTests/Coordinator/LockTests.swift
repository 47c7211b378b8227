import SeataProtocol
import Testing
import TransactionCore

/// AT global row locks through the coordinator (TC.md "AT global row locks").
struct LockTests {
    @Test func aRowHeldByAnotherTransactionIsLockKeyConflictUntilItCommits() async throws {
        let h = try Harness()
        let first = try await h.begin()
        let second = try await h.begin()
        _ = try await h.register(first, .at, resource: "db", lockKey: "orders:1")
        let conflict = await transactionError { try await h.register(second, .at, resource: "db", lockKey: "orders:1") }
        #expect(conflict?.code == .lockKeyConflict)
        #expect(try await h.session(second)?.branches.isEmpty == true)
        #expect(try await h.coordinator.commit(xid: first) == .committed)
        _ = try await h.register(second, .at, resource: "db", lockKey: "orders:1")
        await h.close()
    }

    @Test func theSameRowInAnotherResourceOrTableIsAnotherLock() async throws {
        let h = try Harness()
        let first = try await h.begin()
        let second = try await h.begin()
        _ = try await h.register(first, .at, resource: "db1", lockKey: "orders:1")
        _ = try await h.register(second, .at, resource: "db2", lockKey: "orders:1")
        _ = try await h.register(second, .at, resource: "db1", lockKey: "items:1")
        await h.close()
    }

    @Test func locksAreAllOrNothing() async throws {
        let h = try Harness()
        let first = try await h.begin()
        let second = try await h.begin()
        _ = try await h.register(first, .at, resource: "db", lockKey: "orders:2")
        let conflict = await transactionError {
            try await h.register(second, .at, resource: "db", lockKey: "orders:1,2,3")
        }
        #expect(conflict?.code == .lockKeyConflict)
        // Rows 1 and 3 were not taken by the refused branch.
        let third = try await h.begin()
        _ = try await h.register(third, .at, resource: "db", lockKey: "orders:1,3")
        await h.close()
    }

    @Test func theSameTransactionReentersItsRowsAndABranchRollbackReleasesOnlyItsOwn() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1,2")
        h.messenger.script("db", .status(.phaseTwoRollbacked), .unreachable)
        // Reverse order: the second branch (rows: 2 only, row 1 re-entered) rolls back, the first
        // cannot be reached and keeps row 1.
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        #expect(
            try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:2")
        )
        #expect(
            !(try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1"))
        )
        await h.close()
    }

    @Test func compositeKeysLockTheirRows() async throws {
        let h = try Harness()
        let first = try await h.begin()
        let second = try await h.begin()
        _ = try await h.register(first, .at, resource: "db", lockKey: "stock:3_17;orders:9")
        let conflict = await transactionError {
            try await h.register(second, .at, resource: "db", lockKey: "stock:3_18,3_17")
        }
        #expect(conflict?.code == .lockKeyConflict)
        _ = try await h.register(second, .at, resource: "db", lockKey: "stock:3_18")
        await h.close()
    }

    @Test func aConflictWithATransactionRollingBackFailsFastForALocalTransaction() async throws {
        let h = try Harness()
        let holder = try await h.begin()
        _ = try await h.register(holder, .at, resource: "db", lockKey: "orders:1")
        h.messenger.script("db", .unreachable)
        #expect(try await h.coordinator.rollback(xid: holder) == .rollbackRetrying)
        let asker = try await h.begin()
        let local = await transactionError {
            try await h.register(
                asker,
                .at,
                resource: "db",
                lockKey: "orders:1",
                applicationData: #"{"autoCommit":false}"#
            )
        }
        #expect(local?.code == .lockKeyConflictFailFast)
        let autoCommit = await transactionError {
            try await h.register(asker, .at, resource: "db", lockKey: "orders:1")
        }
        #expect(autoCommit?.code == .lockKeyConflict)
        let skipped = await transactionError {
            try await h.register(
                asker,
                .at,
                resource: "db",
                lockKey: "orders:1",
                applicationData: #"{"autoCommit":false,"skipCheckLock":true}"#
            )
        }
        #expect(skipped?.code == .lockKeyConflict)
        await h.close()
    }

    @Test func aTimedOutHolderIsRollingBackForTheFailFastRule() async throws {
        let h = try Harness()
        let holder = try await h.begin(timeout: 1_000)
        _ = try await h.register(holder, .at, resource: "db", lockKey: "orders:1")
        let asker = try await h.begin()
        let before = await transactionError {
            try await h.register(
                asker,
                .at,
                resource: "db",
                lockKey: "orders:1",
                applicationData: #"{"autoCommit":false}"#
            )
        }
        #expect(before?.code == .lockKeyConflict)
        h.clock.advance(milliseconds: 1_001)
        await h.coordinator.runRecoveryJob(.timeoutCheck)
        let after = await transactionError {
            try await h.register(
                asker,
                .at,
                resource: "db",
                lockKey: "orders:1",
                applicationData: #"{"autoCommit":false}"#
            )
        }
        #expect(after?.code == .lockKeyConflictFailFast)
        await h.close()
    }

    @Test func globalLockQueryIsLockableOnlyWhenEveryHeldRowIsTheAskersOwn() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        let c = h.coordinator
        #expect(try await c.isLockable(xid: xid, branchType: .at, resourceId: "db", lockKey: "orders:1,2"))
        #expect(!(try await c.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:2,1")))
        #expect(try await c.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:2"))
        #expect(try await c.isLockable(xid: "other", branchType: .tcc, resourceId: "db", lockKey: "orders:1"))
        #expect(try await c.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: ""))
        await h.close()
    }

    @Test func nonATBranchesTakeNoLocks() async throws {
        let h = try Harness()
        let first = try await h.begin()
        let second = try await h.begin()
        _ = try await h.register(first, .tcc, resource: "db", lockKey: "orders:1")
        _ = try await h.register(second, .at, resource: "db", lockKey: "orders:1")
        await h.close()
    }
}
