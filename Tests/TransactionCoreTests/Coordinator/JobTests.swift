import SeataProtocol
import Synchronization
import Testing
import TransactionCore

/// The recovery loops: periods read live, leases, the undo-log job.
struct JobTests {
    @Test func aLiveChangeOfTheCommittingRetryPeriodChangesTheRetryCadence() async throws {
        var settings = CoreSettings()
        settings.committingRetryPeriod = .seconds(3600)
        let h = try Harness(settings: settings, wallClock: true)
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        h.messenger.script("stock", .unreachable)
        #expect(try await h.coordinator.commit(xid: xid) == .commitRetrying)
        let jobs = Task { await h.coordinator.runRecoveryJobs() }
        // One call from the commit, one from the job's first run at start; then the hour-long wait.
        try await waitUntil { h.messenger.calls.count >= 2 }
        try await Task.sleep(for: .milliseconds(400))
        let slow = h.messenger.calls.count
        #expect(slow == 2)
        h.settings.update { $0.committingRetryPeriod = .milliseconds(20) }
        try await waitUntil { h.messenger.calls.count >= slow + 5 }
        h.settings.update { $0.committingRetryPeriod = .seconds(3600) }
        try await Task.sleep(for: .milliseconds(300))
        let settled = h.messenger.calls.count
        try await Task.sleep(for: .milliseconds(400))
        #expect(h.messenger.calls.count == settled)
        jobs.cancel()
        await jobs.value
        await h.close()
    }

    @Test func jobsStopWhenCancelled() async throws {
        var settings = CoreSettings()
        settings.committingRetryPeriod = .milliseconds(10)
        let h = try Harness(settings: settings, wallClock: true)
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        h.messenger.script("stock", .unreachable)
        _ = try await h.coordinator.commit(xid: xid)
        let jobs = Task { await h.coordinator.runRecoveryJobs() }
        try await Task.sleep(for: .milliseconds(100))
        jobs.cancel()
        await jobs.value
        let stopped = h.messenger.calls.count
        try await Task.sleep(for: .milliseconds(100))
        #expect(h.messenger.calls.count == stopped)
        await h.close()
    }

    @Test func theUndoLogJobFirstRunsAfterItsDelayWithSevenDaysForZero() async throws {
        var settings = CoreSettings()
        settings.undoLogFirstDelay = .milliseconds(300)
        settings.undoLogDeletePeriod = .seconds(3600)
        settings.undoLogSaveDays = 0
        let h = try Harness(settings: settings, wallClock: true)
        let jobs = Task { await h.coordinator.runRecoveryJobs() }
        let started = ContinuousClock.now
        // Generous: the whole suite runs in parallel on two cores, and a starved timer is late.
        try await waitUntil(timeout: .seconds(60)) { !h.messenger.undoDeletes.isEmpty }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(h.messenger.undoDeletes == [7])
        jobs.cancel()
        await jobs.value
        await h.close()
    }

    @Test func aJobWithoutItsLeaseDoesNothing() async throws {
        let h = try Harness()
        let store = LeaseRefusingStore(base: h.store)
        let coordinator = h.coordinator(over: store, workerId: 2)
        let xid = try await coordinator.begin(
            applicationId: "a",
            transactionServiceGroup: "g",
            name: "n",
            timeout: 1_000
        )
        _ = try await coordinator.registerBranch(
            xid: xid,
            branchType: .tcc,
            resourceId: "stock",
            clientId: "a:1:2",
            lockKey: "",
            applicationData: ""
        )
        h.clock.advance(milliseconds: 1_001)
        await coordinator.runRecoveryJob(.timeoutCheck)
        #expect(try await h.session(xid)?.status == .begin)
        #expect(store.leaseRequests.contains(.timeoutCheck))
        await h.close()
    }
}

extension JobTests {
    /// The timeout check also removes branches a shared store left without their session, and
    /// only while it holds its lease.
    @Test func theTimeoutCheckRemovesOrphanedBranchesUnderItsLease() async throws {
        let h = try Harness()
        let store = OrphanCountingStore(base: h.store)
        let coordinator = h.coordinator(over: store, workerId: 3)
        await coordinator.runRecoveryJob(.timeoutCheck)
        #expect(store.sweeps == 1)
        await coordinator.runRecoveryJob(.retryCommitting)
        #expect(store.sweeps == 1)
        store.refusesLeases = true
        await coordinator.runRecoveryJob(.timeoutCheck)
        #expect(store.sweeps == 1)
        await h.close()
    }
}

/// Counts the calls to `removeOrphanedBranches`; refuses every job lease when told to.
final class OrphanCountingStore: ForwardingStore, @unchecked Sendable {
    private let state = Mutex((sweeps: 0, refusesLeases: false))

    var sweeps: Int { state.withLock { $0.sweeps } }
    var refusesLeases: Bool {
        get { state.withLock { $0.refusesLeases } }
        set { state.withLock { $0.refusesLeases = newValue } }
    }

    override func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool {
        if refusesLeases { return false }
        return try await super.acquireJobLease(job, owner: owner, duration: duration)
    }

    override func removeOrphanedBranches() async throws -> Int {
        state.withLock { $0.sweeps += 1 }
        return 0
    }
}

/// Polls `condition` every 10 ms; fails the test after `timeout`.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now > deadline {
            Issue.record("condition not met within \(timeout)")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A shared-store stand-in where another coordinator holds every job lease.
final class LeaseRefusingStore: ForwardingStore, @unchecked Sendable {
    private let requests = Mutex<[RecoveryJobName]>([])

    var leaseRequests: [RecoveryJobName] { requests.withLock { $0 } }
    override var isExclusive: Bool { false }

    override func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool {
        requests.withLock { $0.append(job) }
        return false
    }

    override func releaseJobLease(_ job: RecoveryJobName, owner: String) async throws {}
}
