import Foundation
public import SeataClient
public import SeataProtocol
import Synchronization

/// An RM's TCC resources that record every phase-two call the coordinator makes, and can be told
/// to fail (retryably) until a test lets them succeed.
public final class PhaseTwoRecorder: Sendable {
    /// One phase-two call the RM received.
    public struct Call: Sendable, Hashable {
        /// TCC's names for BranchCommit and BranchRollback.
        public enum Kind: String, Sendable { case confirm, cancel }
        /// Which call.
        public var kind: Kind
        /// The branch's resource.
        public var resourceId: String
        /// The global transaction.
        public var xid: String
        /// The branch.
        public var branchId: Int64
        /// When it came.
        public var at: ContinuousClock.Instant
    }

    private let calls = Mutex<[Call]>([])
    private let failing = Mutex(false)
    private let refusing = Mutex(false)

    /// A recorder whose resources succeed.
    public init() {}

    /// While true, confirm and cancel throw (the client answers a retryable failure).
    public func setFailing(_ value: Bool) { failing.withLock { $0 = value } }

    /// While true, confirm and cancel answer that they failed for good (Unretryable).
    public func setRefusingForGood(_ value: Bool) { refusing.withLock { $0 = value } }

    /// Every call so far.
    public var all: [Call] { calls.withLock { $0 } }

    /// The calls of one kind (of one transaction).
    public func calls(_ kind: Call.Kind, xid: String? = nil) -> [Call] {
        all.filter { $0.kind == kind && (xid == nil || $0.xid == xid) }
    }

    /// A TCC resource handler that records into this recorder.
    public func resource(_ resourceId: String, branchType: BranchType = .tcc) -> ResourceHandler {
        ResourceHandler(
            resourceId: resourceId,
            branchType: branchType,
            commit: { [self] branch in
                try record(.confirm, branch)
                return refusing.withLock { $0 } ? .phaseTwoCommitFailedUnretryable : .phaseTwoCommitted
            },
            rollback: { [self] branch in
                try record(.cancel, branch)
                return refusing.withLock { $0 } ? .phaseTwoRollbackFailedUnretryable : .phaseTwoRollbacked
            }
        )
    }

    private struct Refused: Error {}

    private func record(_ kind: Call.Kind, _ branch: BranchEndRequest) throws {
        calls.withLock {
            $0.append(
                Call(
                    kind: kind,
                    resourceId: branch.resourceId,
                    xid: branch.xid,
                    branchId: branch.branchId,
                    at: .now
                )
            )
        }
        if failing.withLock({ $0 }) { throw Refused() }
    }

    /// Waits until `condition` holds on the calls, or `timeout` passes; whether it held.
    public func wait(timeout: Duration = .seconds(15), until condition: ([Call]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(all)
    }
}

extension SeataClient {
    /// A TM+RM client of one coordinator, started, with the recorder's resources.
    public static func started(
        _ address: String,
        application: String = "swift-tests",
        resources: [ResourceHandler],
        reconnect: Duration = .milliseconds(100)
    ) async throws -> SeataClient {
        var configuration = SeataClientConfiguration(applicationId: application, transactionServiceGroup: "tests")
        configuration.minimumReconnectDelay = reconnect
        configuration.maximumReconnectDelay = max(reconnect, .milliseconds(500))
        configuration.tmRequestTimeout = .seconds(20)
        let client = SeataClient(
            configuration: configuration,
            discovery: StaticCoordinators([try CoordinatorAddress(parsing: address)]),
            resources: resources
        )
        do {
            try await client.start(timeout: .seconds(10))
        } catch {
            await client.shutdown()
            throw error
        }
        return client
    }
}
