import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Watches fire once, with the right kind, for changes made by another client.
@Suite struct WatchTests {
    @Test func dataWatchFiresOnceOnChange() async throws {
        let zk = try await TestEnvironment.connect()
        let other = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("watchdata")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
                await other.close()
            }
        }
        try await zk.create(root, data: Array("a".utf8))

        let (data, watch) = try await zk.getAndWatch(root)
        #expect(data.string == "a")
        #expect(!watch.hasFired)
        try await other.set(root, data: Array("b".utf8))
        try await other.set(root, data: Array("c".utf8))
        var events: [WatchEvent] = []
        for try await event in watch { events.append(event) }
        #expect(events == [WatchEvent(kind: .dataChanged, path: root)])
        #expect(watch.hasFired)
    }

    @Test func dataWatchFiresOnDelete() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("watchdelete")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await zk.create(root)
        let (_, watch) = try await zk.getAndWatch(root)
        try await zk.delete(root)
        #expect(try await watch.event() == WatchEvent(kind: .deleted, path: root))
    }

    @Test func childWatchFiresWhenAChildIsAdded() async throws {
        let zk = try await TestEnvironment.connect()
        let other = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("watchchild")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
                await other.close()
            }
        }
        try await zk.create(root)
        let (children, _, watch) = try await zk.childrenAndWatch(root)
        #expect(children.isEmpty)
        try await other.create(root + "/store.mode")
        #expect(try await watch.event() == WatchEvent(kind: .childrenChanged, path: root))
    }

    @Test func existsWatchOnAMissingNodeFiresOnCreate() async throws {
        let zk = try await TestEnvironment.connect()
        let other = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("watchexists")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
                await other.close()
            }
        }
        let (stat, watch) = try await zk.existsAndWatch(root)
        #expect(stat == nil)
        try await other.create(root)
        #expect(try await watch.event() == WatchEvent(kind: .created, path: root))
    }

    @Test func getOnAMissingNodeLeavesNoWatch() async throws {
        let zk = try await TestEnvironment.connect()
        defer { Task { await zk.close() } }
        let error = await #expect(throws: ZooKeeperError.self) {
            try await zk.getAndWatch(TestEnvironment.uniqueRoot("nowatch"))
        }
        #expect(error?.code == .noNode)
        #expect(zk.pendingCallbacks.watches == 0)
    }

    @Test func closeFailsPendingWatches() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("watchclose")
        let (_, watch) = try await zk.existsAndWatch(root)
        async let outcome: Result<WatchEvent, any Error> = { () async -> Result<WatchEvent, any Error> in
            do { return .success(try await watch.event()) } catch { return .failure(error) }
        }()
        await zk.close()
        guard case .failure(let error as ZooKeeperError) = await outcome else {
            Issue.record("a closed client's watch must fail")
            return
        }
        #expect(error.code == .closing)
        #expect(zk.pendingCallbacks.watches == 0)
    }

    @Test func cancellingAWaiterLeavesTheWatchArmed() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("watchcancel")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        let (_, watch) = try await zk.existsAndWatch(root)
        let waiter = Task { try await watch.event() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        try await zk.create(root)
        #expect(try await watch.event().kind == .created)
    }
}
