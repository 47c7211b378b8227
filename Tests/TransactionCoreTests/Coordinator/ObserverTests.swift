import SeataProtocol
import Synchronization
import Testing
import TransactionCore

/// The metrics hooks: begun, ended (with the end status), phase-two calls, lock conflicts.
struct ObserverTests {
    final class Recorder: TransactionObserver {
        private let events = Mutex<[String]>([])

        var recorded: [String] { events.withLock { $0 } }

        func began(_ session: GlobalSession) { events.withLock { $0.append("began") } }
        func ended(_ session: GlobalSession, status: GlobalStatus, duration: Duration) {
            events.withLock { $0.append("ended \(status)") }
        }
        func branchCalled(_ branch: BranchSession, phase: PhaseTwoCall, answer: BranchStatus?, latency: Duration) {
            events.withLock { $0.append("\(phase) \(answer.map { "\($0)" } ?? "unreachable")") }
        }
        func lockConflicted(_ branch: BranchSession, conflict: LockConflict) {
            events.withLock { $0.append("conflict \(conflict.failFast)") }
        }
    }

    @Test func theObserverSeesBeginsEndsCallsAndConflicts() async throws {
        let h = try Harness()
        let recorder = Recorder()
        let core = TransactionCoordinator(
            store: h.store,
            messenger: h.messenger,
            host: "127.0.0.1",
            port: 8091,
            ids: IdGenerator(workerId: 3),
            settings: { .atBranchesByTheJob },
            observer: recorder,
            clock: { h.clock.milliseconds }
        )
        let committed = try await core.begin(
            applicationId: "a",
            transactionServiceGroup: "g",
            name: "n",
            timeout: 60_000
        )
        _ = try await core.registerBranch(
            xid: committed,
            branchType: .at,
            resourceId: "db",
            clientId: "a:1:2",
            lockKey: "t:1",
            applicationData: ""
        )
        let blocked = try await core.begin(applicationId: "a", transactionServiceGroup: "g", name: "n", timeout: 60_000)
        _ = try? await core.registerBranch(
            xid: blocked,
            branchType: .at,
            resourceId: "db",
            clientId: "a:1:2",
            lockKey: "t:1",
            applicationData: ""
        )
        _ = try await core.registerBranch(
            xid: blocked,
            branchType: .tcc,
            resourceId: "stock",
            clientId: "a:1:2",
            lockKey: "",
            applicationData: ""
        )
        h.messenger.script("stock", .status(.phaseTwoRollbackFailedUnretryable))
        #expect(try await core.commit(xid: committed) == .committed)
        #expect(try await core.rollback(xid: blocked) == .rollbackFailed)
        await core.runRecoveryJob(.asyncCommitting)
        #expect(
            recorder.recorded == [
                "began", "began", "conflict false", "rollback PhaseTwo_RollbackFailed_Unretryable",
                "ended RollbackFailed",
                "commit PhaseTwo_Committed", "ended Committed",
            ]
        )
        #expect(try await core.unfinishedCount() == 0)
        #expect(try await core.failedFinalCount() == 1)
        await h.close()
    }
}
