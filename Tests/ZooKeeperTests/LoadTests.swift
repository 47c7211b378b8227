import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Many requests at once on one session: correct results, bounded in-flight, clean close.
@Suite struct LoadTests {
    @Test func fiftyTasksTimesTwoHundredOperationsAllCorrect() async throws {
        let zk = try await TestEnvironment.connect(maxRequestsInFlight: 64)
        let root = TestEnvironment.uniqueRoot("load")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await zk.create(root)

        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            for task in 0..<50 {
                group.addTask {
                    var failures: [String] = []
                    let path = "\(root)/t\(task)"
                    try await zk.create(path, data: Array("0".utf8))
                    // 200 operations per task: 1 create above, then set/get pairs, then a delete.
                    for i in 1...99 {
                        let value = "\(task)-\(i)"
                        let stat = try await zk.set(path, data: Array(value.utf8), version: .exactly(Int32(i - 1)))
                        if stat.version != Int32(i) {
                            failures.append("\(path) version \(stat.version) after set \(i)")
                        }
                        let read = try await zk.get(path)
                        if read.string != value {
                            failures.append("\(path) read \(read.string ?? "?") expected \(value)")
                        }
                    }
                    try await zk.delete(path, version: 99)
                    return failures
                }
            }
            return try await group.reduce([], +)
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(try await zk.children(root).isEmpty)
        #expect(zk.pendingCallbacks.requests == 0)
    }

    @Test func closeWithAThousandRequestsInFlightReturnsEveryCall() async throws {
        let zk = try await TestEnvironment.connect(maxRequestsInFlight: 200)
        let root = TestEnvironment.uniqueRoot("closeload")
        try await zk.create(root)

        let outcomes = try await withTimeout(.seconds(30), "1,000 calls after close") {
            try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<1000 {
                    group.addTask {
                        do {
                            try await zk.create("\(root)/n\(i)", data: Array(repeating: 7, count: 512))
                            return "ok"
                        } catch let error as ZooKeeperError {
                            return "\(error.code)"
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(20))
                    await zk.close()
                    return "closer"
                }
                var outcomes: [String: Int] = [:]
                for try await outcome in group { outcomes[outcome, default: 0] += 1 }
                return outcomes
            }
        }
        #expect(outcomes.values.reduce(0, +) == 1001)
        #expect(Set(outcomes.keys).isSubset(of: ["ok", "Closing", "ConnectionLoss", "closer"]), "\(outcomes)")
        #expect(zk.pendingCallbacks.requests == 0)
        #expect(zk.pendingCallbacks.watches == 0)

        let cleaner = try await TestEnvironment.connect()
        _ = try await cleaner.deleteRecursively(root)
        await cleaner.close()
    }
}
