import Foundation
import SeataClient
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// kill -9 of one coordinator with transactions in every state: the survivor finishes them.
@Suite(.serialized) struct ClusterCrashTests {
    @Test func theSurvivorFinishesTheDeadCoordinatorsSessionsWithoutDrivingAnyTwice() async throws {
        let cluster = try await Cluster.make("crash")
        defer { Task { await cluster.close() } }
        let doomed = try await cluster.start()
        let ledger = Ledger()
        // The client sees only the doomed coordinator at first: every xid is its.
        let client = try await SeataClient.discovering(cluster, resources: [ledger.resource("stock")])
        try await withTimeout(.seconds(15), "the client connecting") {
            while client.connectedCoordinators(.resourceManager).isEmpty {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        func open(_ name: String, timeout: Duration = .seconds(60)) async throws -> String {
            let xid = try await client.begin(name: name, timeout: timeout)
            _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "stock")
            return xid
        }
        // Begin: open, never decided (times out after 3 s, on the survivor).
        let begun = try await (0..<5).asyncMap { try await open("begin-\($0)", timeout: .seconds(3)) }
        // Committing: the decision taken, the RM holding its confirm, the drive in flight.
        ledger.hold(true)
        let committing = try await (0..<5).asyncMap { try await open("commit-\($0)") }
        let inFlight = Task { await committing.asyncMapQuietly { _ = try? await client.commit(xid: $0) } }
        try await withTimeout(.seconds(10), "the confirms reaching the RM") {
            while ledger.waiting < committing.count { try await Task.sleep(for: .milliseconds(20)) }
        }
        // Rollbacking: decided to roll back (answered at once: cancel is not held).
        let rolledBack = try await (0..<5).asyncMap { try await open("rollback-\($0)") }
        for xid in rolledBack { #expect(try await client.rollback(xid: xid) == .rollbacked) }

        await doomed.kill()
        inFlight.cancel()
        ledger.hold(false)
        let survivor = try await cluster.start()
        // The client follows the registry: the dead one's znode goes with its session, the
        // survivor's appears; phase two reaches the RM over its connection to the survivor.
        try await withTimeout(.seconds(20), "the client connecting to the survivor") {
            while !client.connectedCoordinators(.resourceManager).map(\.description).contains(survivor.address) {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let finished = await ledger.wait(timeout: .seconds(40)) { calls in
            let confirmed = Set(calls.filter { $0.kind == .confirm }.map(\.xid))
            let cancelled = Set(calls.filter { $0.kind == .cancel }.map(\.xid))
            return confirmed.isSuperset(of: committing) && cancelled.isSuperset(of: begun + rolledBack)
        }
        #expect(finished, "\(ledger.all.count) calls: \(ledger.all)")
        try await withTimeout(.seconds(20), "the tables emptying") {
            while try await cluster.leftovers() != "0 0 0" { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(ledger.contradictions.isEmpty, "branches both confirmed and cancelled: \(ledger.contradictions)")
        for xid in committing { #expect(ledger.kinds(xid: xid) == [.confirm]) }
        for xid in begun + rolledBack { #expect(ledger.kinds(xid: xid) == [.cancel]) }
        await client.shutdown()
        await survivor.stop()
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }

    func asyncMapQuietly(_ body: @escaping @Sendable (Element) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for element in self { group.addTask { await body(element) } }
        }
    }
}
