import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// `multi`: all or nothing, with a code per operation.
@Suite struct MultiTests {
    @Test func allOperationsApplyTogether() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("multi")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await zk.create(root)
        try await zk.create(root + "/old", data: Array("1".utf8))
        try await zk.create(root + "/gone")

        let results = try await zk.multi([
            .check(path: root, version: 0),
            .create(path: root + "/new", data: Array("n".utf8)),
            .set(path: root + "/old", data: Array("2".utf8), version: 0),
            .delete(path: root + "/gone", version: 0),
        ])
        #expect(results.count == 4)
        #expect(results[0] == .checked)
        #expect(results[1] == .created(path: root + "/new"))
        guard case .set(let stat) = results[2] else {
            Issue.record("expected a set result, got \(results[2])")
            return
        }
        #expect(stat.version == 1)
        #expect(results[3] == .deleted)
        #expect(try await zk.get(root + "/new").string == "n")
        #expect(try await zk.get(root + "/old").string == "2")
        #expect(try await zk.exists(root + "/gone") == nil)
    }

    @Test func aFailingOperationAppliesNothingAndReportsEachCode() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("multifail")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await zk.create(root)
        try await zk.create(root + "/kept", data: Array("before".utf8))

        let operations: [MultiOperation] = [
            .create(path: root + "/a", data: Array("a".utf8)),
            .set(path: root + "/kept", data: Array("after".utf8)),
            .check(path: root + "/kept", version: 7),
            .create(path: root + "/b"),
        ]
        let error = await #expect(throws: ZooKeeperError.self) { try await zk.multi(operations) }
        #expect(error?.code == .badVersion)
        #expect(error?.path == root + "/kept")
        #expect(error?.failedOperationIndex == 2)
        let expected: [ZooKeeperError.Code] = [.ok, .ok, .badVersion, .runtimeInconsistency]
        #expect(error?.operationCodes == expected)
        #expect(try await zk.exists(root + "/a") == nil)
        #expect(try await zk.exists(root + "/b") == nil)
        #expect(try await zk.get(root + "/kept").string == "before")
    }

    @Test func emptyMultiDoesNothing() async throws {
        let zk = try await TestEnvironment.connect()
        defer { Task { await zk.close() } }
        #expect(try await zk.multi([]).isEmpty)
    }
}
