import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Create, read, update and delete against the real server, with versions, modes and children.
@Suite struct OperationTests {
    @Test func createGetSetDeleteWithVersions() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("crud")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }

        let created = try await zk.create(root, data: Array("v0".utf8))
        #expect(created == root)
        var node = try await zk.get(root)
        #expect(node.string == "v0")
        #expect(node.stat.version == 0)

        let stat = try await zk.set(root, data: Array("v1".utf8), version: 0)
        #expect(stat.version == 1)
        node = try await zk.get(root)
        #expect(node.string == "v1")

        // Compare-and-set with a stale version fails and changes nothing.
        let stale = await #expect(throws: ZooKeeperError.self) {
            try await zk.set(root, data: Array("v2".utf8), version: 0)
        }
        #expect(stale?.code == .badVersion)
        #expect(stale?.description.contains(root) == true)
        #expect(try await zk.get(root).string == "v1")

        let wrongDelete = await #expect(throws: ZooKeeperError.self) { try await zk.delete(root, version: 0) }
        #expect(wrongDelete?.code == .badVersion)
        try await zk.delete(root, version: 1)
        #expect(try await zk.exists(root) == nil)

        let missing = await #expect(throws: ZooKeeperError.self) { try await zk.get(root + "/store.mode") }
        #expect(missing?.code == .noNode)
        #expect(missing?.description == "no node \(root)/store.mode")
    }

    @Test func createExistingAndParentless() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("exists")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }

        let orphan = await #expect(throws: ZooKeeperError.self) { try await zk.create(root + "/a/b") }
        #expect(orphan?.code == .noNode)

        try await zk.create(root + "/a/b", data: Array("x".utf8), createParents: true)
        #expect(try await zk.get(root + "/a/b").string == "x")
        #expect(try await zk.get(root + "/a").bytes.isEmpty)

        let again = await #expect(throws: ZooKeeperError.self) { try await zk.create(root + "/a/b") }
        #expect(again?.code == .nodeExists)
        #expect(again?.description == "node \(root)/a/b already exists")
    }

    @Test func ephemeralNodeVanishesWhenItsSessionCloses() async throws {
        let owner = try await TestEnvironment.connect()
        let observer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("ephemeral")
        defer {
            Task {
                _ = try? await observer.deleteRecursively(root)
                await observer.close()
            }
        }

        try await owner.create(root)
        try await owner.create(root + "/me", data: Array("alive".utf8), mode: .ephemeral)
        let stat = try #require(try await observer.exists(root + "/me"))
        #expect(stat.isEphemeral)
        #expect(stat.ephemeralOwner == owner.sessionID)

        await owner.close()
        #expect(try await observer.exists(root + "/me") == nil)
    }

    @Test func sequentialNodesAreNumberedInOrder() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("sequential")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }

        try await zk.create(root)
        var names: [String] = []
        for _ in 0..<3 { names.append(try await zk.create(root + "/item-", mode: .persistentSequential)) }
        #expect(names == (0..<3).map { root + "/item-" + String(repeating: "0", count: 9) + "\($0)" })
        let ephemeral = try await zk.create(root + "/lock-", mode: .ephemeralSequential)
        #expect(ephemeral == root + "/lock-0000000003")
    }

    @Test func childrenAreListedByName() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("children")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }

        try await zk.create(root)
        #expect(try await zk.children(root).isEmpty)
        for name in ["store.mode", "store.file.dir", "server.undo.logSaveDays"] {
            try await zk.create(root + "/" + name, data: Array(name.utf8))
        }
        #expect(Set(try await zk.children(root)) == ["store.mode", "store.file.dir", "server.undo.logSaveDays"])

        let deleted = try await zk.deleteRecursively(root)
        #expect(deleted == 4)
        #expect(try await zk.exists(root) == nil)
        #expect(try await zk.deleteRecursively(root) == 0)
    }

    @Test func syncThenReadSeesAnotherClientsWrite() async throws {
        let writer = try await TestEnvironment.connect()
        let reader = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("sync")
        defer {
            Task {
                _ = try? await writer.deleteRecursively(root)
                await writer.close()
                await reader.close()
            }
        }

        try await writer.create(root, data: Array("written".utf8))
        try await reader.sync(root)
        #expect(try await reader.get(root).string == "written")
        try await reader.sync()
    }

    @Test func invalidPathsAreRefusedWithTheReason() async throws {
        let zk = try await TestEnvironment.connect()
        defer { Task { await zk.close() } }
        for (path, reason) in [
            ("seata/store.mode", "must start with '/'"), ("/seata/", "must not end with '/'"),
            ("/seata//x", "'//'"), ("/seata/../x", "'.' or '..'"),
        ] {
            let error = await #expect(throws: ZooKeeperError.self) { try await zk.get(path) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.description.contains(reason) == true, "\(path): \(error?.description ?? "")")
        }
    }

    @Test func chrootInTheConnectStringScopesEveryPath() async throws {
        let base = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("chroot")
        defer {
            Task {
                _ = try? await base.deleteRecursively(root)
                await base.close()
            }
        }
        try await base.create(root)

        let chrooted = try await ZooKeeperClient.connect(
            .init(connectString: try TestEnvironment.sharedConnectString() + root)
        )
        defer { Task { await chrooted.close() } }
        try await chrooted.create("/store.mode", data: Array("file".utf8))
        #expect(try await base.get(root + "/store.mode").string == "file")
        #expect(try await chrooted.children("/") == ["store.mode"])
        let (_, watch) = try await chrooted.getAndWatch("/store.mode")
        try await base.set(root + "/store.mode", data: Array("db".utf8))
        #expect(try await watch.event() == WatchEvent(kind: .dataChanged, path: "/store.mode"))
    }
}
