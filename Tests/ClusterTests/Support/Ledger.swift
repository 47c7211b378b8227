import Foundation
import SeataClient
import SeataClientZooKeeper
import SeataProtocol
import Synchronization
import ZooKeeper
import ZooKeeperTestSupport

/// What the RMs were asked in phase two, per branch, and by which coordinator connection: the
/// evidence that every branch got its phase two, and never both a confirm and a cancel.
final class Ledger: Sendable {
    struct Call: Sendable, Hashable {
        enum Kind: String, Sendable { case confirm, cancel }
        var kind: Kind
        var xid: String
        var branchId: Int64
    }

    private let calls = Mutex<[Call]>([])
    private let holding = Mutex(false)
    private let held = Atomic<Int>(0)

    /// While true, confirms wait (the coordinator's drive stays in Committing) until released.
    func hold(_ value: Bool) { holding.withLock { $0 = value } }
    /// How many confirms are waiting.
    var waiting: Int { held.load(ordering: .relaxed) }

    var all: [Call] { calls.withLock { $0 } }

    func resource(_ resourceId: String) -> ResourceHandler {
        ResourceHandler(
            resourceId: resourceId,
            branchType: .tcc,
            commit: { [self] branch in
                if holding.withLock({ $0 }) {
                    held.add(1, ordering: .relaxed)
                    while holding.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                    held.subtract(1, ordering: .relaxed)
                }
                record(.confirm, branch)
                return .phaseTwoCommitted
            },
            rollback: { [self] branch in
                record(.cancel, branch)
                return .phaseTwoRollbacked
            }
        )
    }

    private func record(_ kind: Call.Kind, _ branch: BranchEndRequest) {
        calls.withLock { $0.append(Call(kind: kind, xid: branch.xid, branchId: branch.branchId)) }
    }

    /// Branches asked both to confirm and to cancel: must be none.
    var contradictions: [Int64] {
        let byBranch = Dictionary(grouping: all, by: \.branchId)
        return byBranch.filter { Set($0.value.map(\.kind)).count > 1 }.map(\.key).sorted()
    }

    func kinds(xid: String) -> Set<Call.Kind> { Set(all.filter { $0.xid == xid }.map(\.kind)) }

    func wait(timeout: Duration, until condition: ([Call]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(all)
    }
}

extension SeataClient {
    /// A TM+RM client that finds the cluster's coordinators in Seata's ZooKeeper registry.
    static func discovering(
        _ cluster: Cluster,
        application: String = "cluster-tests",
        resources: [ResourceHandler]
    ) async throws -> SeataClient {
        var configuration = SeataClientConfiguration(applicationId: application, transactionServiceGroup: "tests")
        configuration.minimumReconnectDelay = .milliseconds(100)
        configuration.maximumReconnectDelay = .milliseconds(500)
        configuration.tmRequestTimeout = .seconds(20)
        let discovery = try ZooKeeperCoordinators(
            configuration: .init(connectString: try TestEnvironment.sharedConnectString()),
            properties: ["service.vgroupMapping.tests": cluster.registryCluster],
            transactionServiceGroup: "tests"
        )
        let client = SeataClient(configuration: configuration, discovery: discovery, resources: resources)
        do {
            try await client.start(timeout: .seconds(15))
        } catch {
            await client.shutdown()
            throw error
        }
        return client
    }
}
