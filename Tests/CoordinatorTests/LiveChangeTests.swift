import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// A running coordinator follows changes made by another client: dynamic keys apply, keys
/// that need a restart wait as pending, invalid changes are refused and reported.
@Suite struct LiveChangeTests {
    @Test func changesApplyWaitForRestartOrAreRejected() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-live")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(
            zk,
            root: root,
            extra: ["store.db.password": "first-secret"],
            skip: ["server.undo.logSaveDays"]
        )
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let process = try coordinator.start()
        try await coordinator.waitUntilReady(process)

        // A key the schema does not know is a warning, and never holds back a change of another key.
        try await zk.create(root + "/my.custom.flag", data: Array("on".utf8))
        let flagged = try await coordinator.waitForReady {
            (($0["warnings"] as? [[String: Any]]) ?? []).contains { $0["key"] as? String == "my.custom.flag" }
        }
        #expect(flagged.status == 200)
        #expect(flagged.body["rejectedChange"] == nil)

        // A dynamic key takes effect without a restart.
        try await zk.set(root + "/server.maxCommitRetryTimeout", data: Array("5000".utf8))
        let applied = try await coordinator.waitForKey("server.maxCommitRetryTimeout") {
            $0["value"] as? String == "5000"
        }
        #expect(applied["origin"] as? String == "znode \(root)/server.maxCommitRetryTimeout")

        // A key added later is followed too.
        try await zk.create(root + "/server.undo.logSaveDays", data: Array("9".utf8))
        _ = try await coordinator.waitForKey("server.undo.logSaveDays") { $0["value"] as? String == "9" }

        // A key that needs a restart keeps running with its startup value and shows as pending.
        try await zk.set(root + "/store.file.dir", data: Array("elsewhere/data".utf8))
        let pending = try await coordinator.waitForKey("store.file.dir") { $0["pendingRestart"] != nil }
        #expect(pending["value"] as? String == "file_store/data")
        #expect((pending["pendingRestart"] as? [String: Any])?["value"] as? String == "elsewhere/data")

        // An invalid change is refused: the last good value stays, /ready says so.
        try await zk.set(root + "/server.undo.logSaveDays", data: Array("a week".utf8))
        let rejection = try await coordinator.waitForReady { $0["rejectedChange"] != nil }
        #expect(rejection.status == 200, "the last good configuration keeps running")
        let change = try #require(rejection.body["rejectedChange"] as? [String: Any])
        #expect(change["keys"] as? [String] == ["server.undo.logSaveDays"])
        let problems = (change["problems"] as? [String]) ?? []
        #expect(problems.contains { $0.contains("server.undo.logSaveDays") }, "\(problems)")
        let config = try await coordinator.json("/config")
        let keys = try #require(config.body["keys"] as? [String: [String: Any]])
        #expect(keys["server.undo.logSaveDays"]?["value"] as? String == "9")
        #expect(config.body["rejectedChange"] != nil)
        let metrics = try await coordinator.get("/metrics").body
        #expect(metrics.contains("coordinator_config_rejected_changes_total 1"))

        // The next valid change is accepted and ends the rejection.
        try await zk.set(root + "/server.undo.logSaveDays", data: Array("10".utf8))
        _ = try await coordinator.waitForKey("server.undo.logSaveDays") { $0["value"] as? String == "10" }
        let cleared = try await coordinator.json("/ready")
        #expect(cleared.body["rejectedChange"] == nil)

        // A secret's change is applied but never shown or logged.
        try await zk.set(root + "/store.db.password", data: Array("second-secret".utf8))
        let secret = try await coordinator.waitForKey("store.db.password") { $0["pendingRestart"] != nil }
        #expect(secret["value"] as? String == "<redacted>")
        #expect((secret["pendingRestart"] as? [String: Any])?["value"] as? String == "<redacted>")
        #expect(!(try await coordinator.get("/config").body.contains("second-secret")))

        process.signal(SIGTERM)
        let result = await process.wait(timeout: .seconds(20))
        #expect(result.status == 0)
        #expect(result.stderr.contains("Configuration change rejected"))
        #expect(result.stderr.contains("server.maxCommitRetryTimeout=5000"))
        #expect(!result.stderr.contains("first-secret"))
        #expect(!result.stderr.contains("second-secret"))
    }
}

extension CoordinatorHarness {
    /// Polls `/config` until `key`'s entry satisfies `condition`; returns the entry.
    func waitForKey(
        _ key: String,
        timeout: Duration = .seconds(10),
        _ condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            let keys = try await json("/config").body["keys"] as? [String: [String: Any]] ?? [:]
            last = keys[key] ?? [:]
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("\(key) did not change as expected within \(timeout); last seen: \(last)")
    }

    /// Polls `/ready` until its body satisfies `condition`.
    func waitForReady(timeout: Duration = .seconds(10), _ condition: ([String: Any]) -> Bool) async throws
        -> (status: Int, body: [String: Any])
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let ready = try await json("/ready")
            if condition(ready.body) { return ready }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("/ready did not change as expected within \(timeout)")
    }
}
