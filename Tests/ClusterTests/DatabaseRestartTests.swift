import DatabaseTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Synchronization
import Testing
import ZooKeeperTestSupport

/// The database restarted under load: requests fail cleanly or complete, `/ready` says why it
/// is not ready and recovers, and every transaction that was answered Committed got its phase two.
@Suite(.serialized) struct DatabaseRestartTests {
    @Test func aRestartedDatabaseFailsRequestsCleanlyAndLosesNothing() async throws {
        let pg = try await TestPostgres.start()
        defer { Task { await pg.destroy() } }
        let cluster = try await Cluster.make("restart", pg: pg, extra: ["store.db.maxWait": "1000"])
        defer { Task { await cluster.close() } }
        let member = try await cluster.start()
        let ledger = Ledger()
        let client = try await SeataClient.discovering(cluster, resources: [ledger.resource("stock")])
        let stats = LoadStats()
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        while !stats.stop.load(ordering: .relaxed) {
                            do {
                                let xid = try await client.begin(timeout: .seconds(5))
                                _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "stock")
                                if try await client.commit(xid: xid) == .committed {
                                    stats.committed.withLock { $0.append(xid) }
                                }
                            } catch {
                                stats.failed.add(1, ordering: .relaxed)
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(2))
        try await pg.stop()
        let notReady: String = try await withTimeout(.seconds(15), "/ready going 503") {
            while true {
                let (status, body) = try await member.get("/ready")
                if status == 503 { return body }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(
            notReady.contains("session database postgresql seata@127.0.0.1:\(pg.port)/\(cluster.database)"),
            "\(notReady)"
        )
        try await Task.sleep(for: .seconds(2))
        try await pg.restart()
        try await withTimeout(.seconds(20), "/ready back to 200") {
            while try await member.get("/ready").status != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await Task.sleep(for: .seconds(2))
        stats.stop.store(true, ordering: .relaxed)
        await load.value
        let answered = stats.committed.withLock { $0 }
        #expect(
            stats.failed.load(ordering: .relaxed) > 0,
            "no request failed while the database was down: the check saw nothing"
        )
        #expect(answered.count > 20)
        // Every transaction answered Committed was confirmed; nothing is left half-done.
        let confirmedAll = await ledger.wait(timeout: .seconds(30)) { calls in
            Set(calls.filter { $0.kind == .confirm }.map(\.xid)).isSuperset(of: answered)
        }
        #expect(confirmedAll)
        let deadline = ContinuousClock.now + .seconds(90)
        var left = try await cluster.leftovers()
        while !left.hasPrefix("0 "), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            left = try await cluster.leftovers()
        }
        let statuses = left.hasPrefix("0 ") ? "" : try await cluster.tableStatuses()
        let log = member.process.map { String($0.stderrSoFar.suffix(6000)) } ?? ""
        #expect(
            left.hasPrefix("0 "),
            "left in the tables after 90 s (sessions branches locks): \(left); \(statuses); its log ends:\n\(log)"
        )
        #expect(ledger.contradictions.isEmpty)
        await client.shutdown()
        await member.stop()
    }
}

/// What the load loops saw.
final class LoadStats: Sendable {
    let committed = Mutex<[String]>([])
    let failed = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}
