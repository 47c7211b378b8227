import Foundation
import SeataClient
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// Two coordinators on one database, found by the client in Seata's ZooKeeper registry.
@Suite(.serialized) struct ClusterTransactionsTests {
    /// Records every change of `distributed_lock` (test-only table and trigger) so the test can
    /// check that no job lease ever had two holders at once.
    static func recordLeaseHistory(_ cluster: Cluster) async throws {
        try await cluster.pg.psql(
            cluster.database,
            """
            CREATE TABLE lease_history (lock_key text, lock_value text, expire bigint, at bigint);
            CREATE FUNCTION record_lease() RETURNS trigger AS $$ BEGIN
              INSERT INTO lease_history VALUES (NEW.lock_key, NEW.lock_value, NEW.expire,
                (extract(epoch from clock_timestamp()) * 1000)::bigint);
              RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER leases AFTER INSERT OR UPDATE ON distributed_lock FOR EACH ROW EXECUTE FUNCTION record_lease();
            GRANT INSERT ON lease_history TO seata;
            """
        )
    }

    @Test func aThousandTransactionsSpreadOverTwoCoordinatorsAllEndAndEachJobRunsOnOneAtATime() async throws {
        let cluster = try await Cluster.make("spread")
        defer { Task { await cluster.close() } }
        try await Self.recordLeaseHistory(cluster)
        let first = try await cluster.start()
        let second = try await cluster.start()
        let ledger = Ledger()
        let client = try await SeataClient.discovering(
            cluster,
            resources: [ledger.resource("stock"), ledger.resource("orders")]
        )
        try await withTimeout(.seconds(15), "the client connecting to both coordinators") {
            while client.connectedCoordinators(.transactionManager).count < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let count = 1000
        let outcomes = try await withThrowingTaskGroup(of: (String, Bool, GlobalStatus).self) { group in
            var running = 0
            var outcomes: [(String, Bool, GlobalStatus)] = []
            for index in 0..<count {
                if running >= 16, let done = try await group.next() {
                    outcomes.append(done)
                    running -= 1
                }
                running += 1
                group.addTask {
                    let xid = try await client.begin(name: "spread-\(index)", timeout: .seconds(60))
                    _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "stock")
                    _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "orders")
                    let commit = index % 4 != 0
                    let status = commit ? try await client.commit(xid: xid) : try await client.rollback(xid: xid)
                    return (xid, commit, status)
                }
            }
            for try await done in group { outcomes.append(done) }
            return outcomes
        }
        #expect(outcomes.count == count)
        for (xid, commit, status) in outcomes {
            #expect(status == (commit ? .committed : .rollbacked), "\(xid): \(status)")
            #expect(ledger.kinds(xid: xid) == [commit ? .confirm : .cancel], "\(xid)")
        }
        // Both carried load; ended sessions left nothing behind, at once.
        let byCoordinator = Dictionary(
            grouping: outcomes,
            by: { $0.0.split(separator: ":").prefix(2).joined(separator: ":") }
        )
        #expect(byCoordinator.keys.sorted() == [first.address, second.address].sorted())
        #expect(byCoordinator.values.allSatisfy { $0.count > count / 10 }, "\(byCoordinator.mapValues(\.count))")
        #expect(try await cluster.leftovers() == "0 0 0")
        #expect(ledger.contradictions.isEmpty)

        await client.shutdown()
        await first.stop()
        await second.stop()
        // Every job acquisition: a holder other than the last one only once the last lease
        // had expired (or been released, which sets it in the past).
        let history = try await cluster.pg.psql(
            cluster.database,
            "SELECT lock_key, lock_value, expire, at FROM lease_history WHERE lock_key NOT LIKE 'WorkerId-%' ORDER BY at, expire"
        )
        var holder: [String: (owner: String, expire: Int64)] = [:]
        var handovers = 0
        var owners = Set<String>()
        for line in history.split(separator: "\n") {
            let parts = line.split(separator: "|").map(String.init)
            guard parts.count == 4, let expire = Int64(parts[2]), let at = Int64(parts[3]) else { continue }
            let (job, owner) = (parts[0], parts[1])
            if let last = holder[job], last.owner != owner {
                #expect(
                    last.expire < at,
                    "\(job): \(owner) took it at \(at) while \(last.owner) held it until \(last.expire)"
                )
                handovers += 1
            }
            holder[job] = (owner, expire)
            owners.insert(owner)
        }
        #expect(handovers > 0, "the jobs never changed hands: the check saw nothing")
        #expect(owners.isSuperset(of: [first.address, second.address]))
    }
}
