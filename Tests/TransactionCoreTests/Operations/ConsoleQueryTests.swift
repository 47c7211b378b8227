import FileStore
import SeataProtocol
import Testing
import TransactionCore

/// The console's store queries (ConsoleSessionStore) on the file store: filters, order, pages.
struct ConsoleQueryTests {
    @Test func sessionsAreFilteredPagedAndNewestFirst() async throws {
        let h = try Harness()
        var xids: [String] = []
        for index in 0..<5 {
            let xid = try await h.begin(name: index.isMultiple(of: 2) ? "even" : "odd")
            _ = try await h.register(xid, resource: "r\(index)")
            xids.append(xid)
            h.clock.advance(milliseconds: 1000)
        }
        let all = try await h.store.sessions(matching: ConsoleSessionQuery(limit: 100))
        #expect(all.total == 5)
        #expect(all.items.map(\.xid) == xids.reversed(), "newest begin first")
        #expect(all.items.allSatisfy { $0.branches.isEmpty }, "no branches unless asked")
        let page = try await h.store.sessions(matching: ConsoleSessionQuery(withBranches: true, offset: 2, limit: 2))
        #expect(page.total == 5 && page.items.map(\.xid) == [xids[2], xids[1]])
        #expect(page.items.map { $0.branches.count } == [1, 1])
        let beyond = try await h.store.sessions(matching: ConsoleSessionQuery(offset: 10, limit: 2))
        #expect(beyond.total == 5 && beyond.items.isEmpty)
        #expect(try await h.store.sessions(matching: ConsoleSessionQuery(transactionName: "even")).total == 3)
        #expect(try await h.store.sessions(matching: ConsoleSessionQuery(xid: xids[3])).items.map(\.xid) == [xids[3]])
        #expect(try await h.store.sessions(matching: ConsoleSessionQuery(xid: "nope")).total == 0)
        let begin = try #require(try await h.session(xids[1])?.beginTime)
        let window = ConsoleSessionQuery(beganFrom: begin, beganUntil: begin + 1000)
        #expect(try await h.store.sessions(matching: window).items.map(\.xid) == [xids[2], xids[1]])
        _ = try await h.coordinator.rollback(xid: xids[0])
        #expect(try await h.store.sessions(matching: ConsoleSessionQuery(status: .begin)).total == 4)
        #expect(try await h.store.sessions(matching: ConsoleSessionQuery(applicationId: "other")).total == 0)
        await h.close()
    }

    @Test func locksAreFilteredPagedAndReleasedOneByOne() async throws {
        let h = try Harness()
        let first = try await h.begin()
        let branch = try await h.register(first, .at, resource: "db", lockKey: "orders:1,2;stock:9")
        h.clock.advance(milliseconds: 1000)
        let second = try await h.begin()
        _ = try await h.register(second, .at, resource: "db2", lockKey: "orders:1")
        let all = try await h.store.locks(matching: ConsoleLockQuery(limit: 100))
        #expect(all.total == 4)
        #expect(all.items.first?.xid == second, "newest transaction first")
        #expect(try await h.store.locks(matching: ConsoleLockQuery(tableName: "orders")).total == 3)
        #expect(try await h.store.locks(matching: ConsoleLockQuery(xid: first, pk: "2")).items.map(\.pk) == ["2"])
        #expect(try await h.store.locks(matching: ConsoleLockQuery(resourceId: "db2")).total == 1)
        #expect(try await h.store.locks(matching: ConsoleLockQuery(branchId: branch)).total == 3)
        let txn = try #require(Xid.transactionId(of: second))
        #expect(try await h.store.locks(matching: ConsoleLockQuery(transactionId: txn)).total == 1)
        #expect(try await h.store.locks(matching: ConsoleLockQuery(offset: 3, limit: 2)).items.count == 1)
        let row = LockKey.rowKey(resourceId: "db", tableName: "stock", pk: "9")
        #expect(!(try await h.store.releaseLock(rowKey: row, xid: second, durability: .answer)), "not its row")
        #expect(try await h.store.releaseLock(rowKey: row, xid: first, durability: .answer))
        #expect(try await h.store.locks(matching: ConsoleLockQuery(xid: first)).total == 2)
        #expect(try await h.session(first)?.branches.first?.lockKey == "orders:1,2")
        await h.close()
    }

    @Test func aReleasedLockStaysReleasedAfterARestart() async throws {
        let folder = try TemporaryDirectory()
        let h = try Harness(mode: .sync, folder: folder)
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1,2")
        let row = LockKey.rowKey(resourceId: "db", tableName: "orders", pk: "1")
        #expect(try await h.store.releaseLock(rowKey: row, xid: xid, durability: .answer))
        await h.store.close()
        let again = try Harness(mode: .sync, folder: folder)
        #expect(try await again.store.locks(matching: ConsoleLockQuery(xid: xid)).items.map(\.pk) == ["2"])
        await again.close()
    }
}
