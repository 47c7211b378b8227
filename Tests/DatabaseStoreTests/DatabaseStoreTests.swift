import DatabaseStore
import DatabaseTestSupport
import Foundation
import SeataProtocol
import Testing
import TransactionCore

/// The store against a real PostgreSQL, each test in a database of its own with Seata's tables.
@Suite(.serialized) struct DatabaseStoreTests {
    static func fresh(_ name: String) async throws -> (DatabaseStore, TestPostgres, String, DatabaseSettings) {
        let pg = try TestPostgres.shared()
        let (database, url) = try await pg.createDatabase(name)
        let settings = try settings(url)
        _ = try await DatabaseStore.initialize(settings)
        return (try await DatabaseStore.open(settings), pg, database, settings)
    }

    /// The settings of a store on the database at `url`, as user `seata`.
    ///
    /// Connecting has its own bound, wide enough for a loaded machine; `maxWait` stays short.
    static func settings(_ url: String, maxConnections: Int = 8) throws -> DatabaseSettings {
        DatabaseSettings(
            url: try JDBCURL(parsing: url + "?connectTimeout=30"),
            user: TestPostgres.user,
            password: TestPostgres.password,
            minConnections: 1,
            maxConnections: maxConnections,
            maxWait: .seconds(3)
        )
    }

    static func session(_ id: Int64, owner: String = "127.0.0.1:8091", status: GlobalStatus = .begin) -> GlobalSession {
        GlobalSession(
            xid: "\(owner):\(id)",
            transactionId: id,
            status: status,
            applicationId: "app",
            transactionServiceGroup: "tests",
            transactionName: "t\(id)",
            timeout: 60_000,
            beginTime: 1_700_000_000_000 + id
        )
    }

    /// A commit decision from Begin on row version `revision`, releasing the row locks.
    static func commitDecision(_ xid: String, revision: String?) -> StatusChange {
        StatusChange(
            xid: xid,
            expected: .begin,
            status: .committing,
            locks: .release,
            durability: .decision,
            revision: revision
        )
    }

    static func branch(_ id: Int64, of session: GlobalSession, type: BranchType = .tcc) -> BranchSession {
        BranchSession(
            branchId: id,
            xid: session.xid,
            transactionId: session.transactionId,
            resourceId: "res-\(id % 3)",
            branchType: type,
            clientId: "app:127.0.0.1:5000"
        )
    }

    static func locks(_ session: GlobalSession, branch: Int64, _ lockKey: String) -> LockRequest {
        LockRequest(
            rows: LockKey.rows(
                of: lockKey,
                resourceId: "jdbc:db",
                xid: session.xid,
                transactionId: session.transactionId,
                branchId: branch
            ),
            options: LockOptions()
        )
    }

    @Test func sessionsBranchesAndLocksRoundTripThroughSeatasTables() async throws {
        let (store, pg, database, _) = try await Self.fresh("roundtrip")
        defer { Task { await store.close() } }
        let session = Self.session(1)
        try await store.insertGlobal(session, durability: .answer)
        let tcc = Self.branch(10, of: session)
        #expect(try await store.insertBranch(tcc, locks: .none, requireOpen: true, durability: .answer) == .inserted)
        let at = Self.branch(11, of: session, type: .at)
        let request = Self.locks(session, branch: 11, "orders:1,2;items:7")
        #expect(try await store.insertBranch(at, locks: request, requireOpen: true, durability: .answer) == .inserted)
        let read = try #require(try await store.global(xid: session.xid))
        #expect(read.status == .begin && read.isActive)
        #expect(read.branches.map(\.branchId) == [10, 11])
        // Rebuilt from lock_table: the same rows (lock_table keeps no order).
        let rebuilt = LockKey.rows(
            of: read.branches[1].lockKey,
            resourceId: "jdbc:db",
            xid: session.xid,
            transactionId: 1,
            branchId: 11
        )
        #expect(Set(rebuilt.map(\.rowKey)) == Set(request.rows.map(\.rowKey)))
        #expect(try await store.lockedRows(request.rows.map(\.rowKey)).count == 3)
        #expect(try await pg.psql(database, "SELECT branch_type FROM branch_table ORDER BY branch_id") == "TCC\nAT")
        // The commit decision releases the locks with the status change.
        let decided = StatusChange(
            xid: session.xid,
            expected: .begin,
            status: .committing,
            locks: .release,
            durability: .decision
        )
        #expect(try await store.updateGlobalStatus(decided))
        #expect(try await store.lockedRows(request.rows.map(\.rowKey)).isEmpty)
        // Optimistic: a second decision expecting Begin changes nothing.
        #expect(try await !store.updateGlobalStatus(decided))
        #expect(try await store.global(xid: session.xid)?.status == .committing)
        try await store.deleteBranch(xid: session.xid, branchId: 10, releaseLocks: true, durability: .deferred)
        #expect(try await store.deleteGlobal(xid: session.xid, expected: .committing, durability: .answer))
        #expect(try await store.global(xid: session.xid) == nil)
        let left = try await pg.psql(
            database,
            "SELECT (SELECT count(*) FROM global_table) + (SELECT count(*) FROM branch_table) + (SELECT count(*) FROM lock_table)"
        )
        #expect(left == "0")
    }

    @Test func twoTableNamingsInOneDatabaseKeepTheirSessionsApartThroughEveryCall() async throws {
        let (plain, pg, database, settings) = try await Self.fresh("namings")
        defer { Task { await plain.close() } }
        var named = settings
        named.tables = TableNames(
            global: "tc_global",
            branch: "tc_branch",
            lock: "tc_lock",
            distributedLock: "tc_dlock"
        )
        _ = try await DatabaseStore.initialize(named)
        let other = try await DatabaseStore.open(named)
        defer { Task { await other.close() } }
        for (store, id) in [(plain, Int64(1)), (other, Int64(2))] {
            let session = Self.session(id)
            try await store.insertGlobal(session, durability: .answer)
            let branch = Self.branch(id * 10, of: session, type: .at)
            let locks = Self.locks(session, branch: id * 10, "t:\(id)")
            let insertion = try await store.insertBranch(branch, locks: locks, requireOpen: true, durability: .answer)
            #expect(insertion == .inserted)
        }
        #expect(try await plain.global(xid: Self.session(2).xid) == nil)
        #expect(try await other.global(xid: Self.session(1).xid) == nil)
        #expect(try await other.global(xid: Self.session(2).xid)?.branches.map(\.lockKey) == ["t:2"])
        let change = StatusChange(
            xid: Self.session(2).xid,
            expected: .begin,
            status: .committing,
            locks: .release,
            durability: .decision
        )
        #expect(try await other.updateGlobalStatus(change))
        #expect(try await other.deleteGlobal(xid: Self.session(2).xid, expected: .committing, durability: .deferred))
        #expect(try await pg.psql(database, "SELECT count(*) FROM tc_global") == "0")
        #expect(try await pg.psql(database, "SELECT count(*) FROM tc_branch") == "0")
        #expect(try await pg.psql(database, "SELECT count(*) FROM tc_lock") == "0")
        #expect(try await pg.psql(database, "SELECT xid FROM global_table") == Self.session(1).xid)
        #expect(try await pg.psql(database, "SELECT count(*) FROM lock_table") == "1")
    }

    @Test func aStatementRefusedWhileItsTableWasAwayWorksOnceTheTableIsBack() async throws {
        let (first, pg, database, settings) = try await Self.fresh("prepared")
        await first.close()
        // One connection: without closing it after the refusal, postgres-nio would keep the
        // failed preparation on it and refuse the statement for the connection's life.
        var one = settings
        one.minConnections = 0
        one.maxConnections = 1
        let store = try await DatabaseStore.open(one)
        defer { Task { await store.close() } }
        _ = try await pg.psql(database, "ALTER TABLE global_table RENAME TO global_table_away")
        await #expect(throws: StoreFailure.self) { try await store.insertGlobal(Self.session(1), durability: .answer) }
        _ = try await pg.psql(database, "ALTER TABLE global_table_away RENAME TO global_table")
        try await store.insertGlobal(Self.session(2), durability: .answer)
        #expect(try await store.global(xid: Self.session(2).xid)?.transactionId == 2)
    }

    @Test func aBranchIsRefusedAfterTheDecisionAndAnotherTransactionsRowsConflict() async throws {
        let (store, _, _, _) = try await Self.fresh("conflict")
        defer { Task { await store.close() } }
        let first = Self.session(1)
        let second = Self.session(2)
        try await store.insertGlobal(first, durability: .answer)
        try await store.insertGlobal(second, durability: .answer)
        let held = Self.locks(first, branch: 10, "orders:1")
        #expect(
            try await store.insertBranch(
                Self.branch(10, of: first, type: .at),
                locks: held,
                requireOpen: true,
                durability: .answer
            )
                == .inserted
        )
        // Same xid re-enters its row; another xid conflicts, all or nothing.
        let reentry = Self.locks(first, branch: 11, "orders:1,5")
        #expect(
            try await store.insertBranch(
                Self.branch(11, of: first, type: .at),
                locks: reentry,
                requireOpen: true,
                durability: .answer
            )
                == .inserted
        )
        let contested = Self.locks(second, branch: 20, "orders:9,1")
        let outcome = try await store.insertBranch(
            Self.branch(20, of: second, type: .at),
            locks: contested,
            requireOpen: true,
            durability: .answer
        )
        guard case .lockConflict(let conflict) = outcome else {
            Issue.record("expected a conflict, got \(outcome)")
            return
        }
        #expect(conflict.holderXid == first.xid && conflict.holderBranchId == 10 && !conflict.failFast)
        #expect(try await store.lockedRows([contested.rows[0].rowKey]).isEmpty, "orders:9 was not kept")
        #expect(try await store.global(xid: second.xid)?.branches.isEmpty == true)
        // Rolling back marks the rows: a non-autocommit RM then fails fast.
        #expect(
            try await store.updateGlobalStatus(
                StatusChange(
                    xid: first.xid,
                    expected: .begin,
                    status: .rollbacking,
                    locks: .markRollbacking,
                    durability: .decision
                )
            )
        )
        var failFast = contested
        failFast.options = LockOptions(autoCommit: false)
        guard
            case .lockConflict(let fast) = try await store.insertBranch(
                Self.branch(21, of: second, type: .at),
                locks: failFast,
                requireOpen: true,
                durability: .answer
            )
        else {
            Issue.record("expected a conflict")
            return
        }
        #expect(fast.failFast)
        let late = try await store.insertBranch(
            Self.branch(12, of: first),
            locks: .none,
            requireOpen: true,
            durability: .answer
        )
        #expect(late == .globalNotOpen(.rollbacking, isActive: false))
        let unknown = try await store.insertBranch(
            Self.branch(30, of: Self.session(3)),
            locks: .none,
            requireOpen: true,
            durability: .answer
        )
        #expect(unknown == .globalNotFound)
    }

    @Test func twoStoresRacingOneDecisionLetExactlyOneWin() async throws {
        let (first, _, _, settings) = try await Self.fresh("race")
        let second = try await DatabaseStore.open(settings)
        defer {
            Task {
                await first.close()
                await second.close()
            }
        }
        for id in 1...50 { try await first.insertGlobal(Self.session(Int64(id)), durability: .answer) }
        let wins = try await withThrowingTaskGroup(of: Int.self) { group in
            for id in 1...50 {
                for store in [first, second] {
                    group.addTask {
                        let change = StatusChange(
                            xid: Self.session(Int64(id)).xid,
                            expected: .begin,
                            status: .committing,
                            locks: .release,
                            durability: .decision
                        )
                        return try await store.updateGlobalStatus(change) ? 1 : 0
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wins == 50)
    }

    @Test func pagesComeInBeginOrderWithTheirBranchesAndCountsByStatus() async throws {
        let (store, _, _, _) = try await Self.fresh("pages")
        defer { Task { await store.close() } }
        for id in 1...7 {
            let session = Self.session(Int64(id), status: id % 2 == 0 ? .rollbackRetrying : .begin)
            try await store.insertGlobal(session, durability: .answer)
            _ = try await store.insertBranch(
                Self.branch(Int64(100 + id), of: session),
                locks: .none,
                requireOpen: false,
                durability: .answer
            )
        }
        var seen: [String] = []
        var cursor: SessionCursor?
        while true {
            let page = try await store.globals(matching: SessionQuery(statuses: [.begin], after: cursor, limit: 2))
            seen += page.map(\.xid)
            #expect(page.allSatisfy { $0.branches.count == 1 })
            guard page.count == 2, let last = page.last else { break }
            cursor = SessionCursor(last)
        }
        #expect(seen == [1, 3, 5, 7].map { Self.session(Int64($0)).xid })
        #expect(try await store.countGlobals(statuses: [.rollbackRetrying]) == 3)
        let timedOut = try await store.globals(
            matching: SessionQuery(statuses: [.begin], timedOutAt: 1_700_000_000_000 + 60_004, limit: 10)
        )
        #expect(timedOut.map(\.transactionId) == [1, 3])
    }

    @Test func aJobLeaseHasOneHolderUntilItIsReleasedOrExpires() async throws {
        let (store, _, _, _) = try await Self.fresh("lease")
        defer { Task { await store.close() } }
        #expect(try await store.acquireJobLease(.retryCommitting, owner: "10.0.0.1:8091", duration: .seconds(30)))
        #expect(try await !store.acquireJobLease(.retryCommitting, owner: "10.0.0.2:8091", duration: .seconds(30)))
        #expect(try await store.acquireJobLease(.retryCommitting, owner: "10.0.0.1:8091", duration: .seconds(30)))
        try await store.releaseJobLease(.retryCommitting, owner: "10.0.0.2:8091")
        #expect(try await !store.acquireJobLease(.retryCommitting, owner: "10.0.0.2:8091", duration: .seconds(30)))
        try await store.releaseJobLease(.retryCommitting, owner: "10.0.0.1:8091")
        #expect(try await store.acquireJobLease(.retryCommitting, owner: "10.0.0.2:8091", duration: .milliseconds(200)))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await store.acquireJobLease(.retryCommitting, owner: "10.0.0.1:8091", duration: .seconds(30)))
    }

    @Test func workerIdsAreDistinctAndTellWhoIsAlive() async throws {
        let (store, _, _, _) = try await Self.fresh("workers")
        defer { Task { await store.close() } }
        let first = try await store.claimWorkerId(owner: "10.0.0.1:8091", preferred: 5, lease: .seconds(30))
        // Long enough that the next check sees it alive on a loaded machine (300 ms was not,
        // with every suite running at once).
        let shortLease = Duration.seconds(2)
        let second = try await store.claimWorkerId(owner: "10.0.0.2:8091", preferred: 5, lease: shortLease)
        #expect(first == 5 && second == 6)
        #expect(try await store.liveCoordinators() == ["10.0.0.1:8091", "10.0.0.2:8091"])
        try await Task.sleep(for: shortLease + .milliseconds(200))
        #expect(try await store.liveCoordinators() == ["10.0.0.1:8091"])
        // The expired one lost its id to a newcomer and must claim another.
        #expect(try await store.claimWorkerId(owner: "10.0.0.3:8091", preferred: 6, lease: .seconds(30)) == 6)
        #expect(try await !store.renewWorkerId(6, owner: "10.0.0.2:8091", lease: .seconds(30)))
        #expect(try await store.renewWorkerId(5, owner: "10.0.0.1:8091", lease: .seconds(30)))
        try await store.releaseWorkerId(5, owner: "10.0.0.1:8091")
        #expect(try await store.liveCoordinators() == ["10.0.0.3:8091"])
    }
}

@Suite(.serialized) struct DatabaseOpenTests {
    @Test func missingTablesAreNamedWithTheDDLFile() async throws {
        let pg = try TestPostgres.shared()
        let (_, url) = try await pg.createDatabase("empty")
        let settings = DatabaseSettings(
            url: try JDBCURL(parsing: url + "?connectTimeout=30"),
            user: "seata",
            password: TestPostgres.password
        )
        do {
            _ = try await DatabaseStore.open(settings)
            Issue.record("opened without tables")
        } catch {
            #expect(error.kind == .missingSchema)
            #expect(error.missingTables.count == 4)
            #expect(error.action.contains(DatabaseSchema.scriptPath))
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationFailureThatNeverShowsIt() async throws {
        let pg = try TestPostgres.shared()
        let (_, url) = try await pg.createDatabase("auth")
        let settings = DatabaseSettings(
            url: try JDBCURL(parsing: url + "?connectTimeout=30"),
            user: "seata",
            password: "wr0ng-Secret-77"
        )
        do {
            _ = try await DatabaseStore.open(settings)
            Issue.record("opened with a wrong password")
        } catch {
            #expect(error.kind == .authentication, "\(error)")
            #expect(!"\(error) \(error.action)".contains("wr0ng-Secret-77"))
        }
    }

    @Test func aDeadPortIsUnreachableWithinTheConnectTimeout() async throws {
        let settings = DatabaseSettings(
            url: try JDBCURL(parsing: "jdbc:postgresql://127.0.0.1:1/seata?connectTimeout=2"),
            user: "seata",
            password: nil
        )
        let started = ContinuousClock.now
        do {
            _ = try await DatabaseStore.open(settings)
            Issue.record("opened a dead port")
        } catch {
            #expect(error.kind == .unreachable, "\(error)")
            #expect(error.problem.contains("127.0.0.1:1"))
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func aCallWaitingLongerThanMaxWaitFails() async throws {
        let pg = try await TestPostgres.start()
        defer { Task { await pg.destroy() } }
        let (_, url) = try await pg.createDatabase("wait")
        let settings = DatabaseSettings(
            url: try JDBCURL(parsing: url + "?connectTimeout=30"),
            user: "seata",
            password: TestPostgres.password,
            minConnections: 0,
            maxConnections: 2,
            maxWait: .milliseconds(800)
        )
        _ = try await DatabaseStore.initialize(settings)
        let store = try await DatabaseStore.open(settings)
        defer { Task { await store.close() } }
        try await store.ping()
        try await pg.stop()
        let started = ContinuousClock.now
        await #expect(throws: StoreFailure.self) { try await store.ping() }
        #expect(ContinuousClock.now - started < .seconds(5))
        try await pg.restart()
        var answered = false
        for _ in 0..<50 where !answered {
            answered = (try? await store.ping()) != nil
            if !answered { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(answered, "the pool reconnected after the restart")
    }
}
