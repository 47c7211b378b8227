import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Synchronization
import Testing
import ZooKeeperTestSupport

/// kill -9 with transactions in flight, store.file.flushDiskMode=sync: after a restart from the
/// store, every answer the coordinator gave holds at every RM, and nothing is lost.
@Suite(.serialized) struct CrashRecoveryTests {
    /// What one transaction of the run got as answers.
    struct Outcome: Sendable {
        var xid: String
        var branches: [Int64] = []
        var decided: GlobalStatus?
        var wantedCommit: Bool
        /// Whether the commit or rollback was sent.
        var sentDecision = false
    }

    /// Shared by the transactions' tasks.
    final class Run: Sendable {
        let outcomes = Mutex<[Outcome]>([])
        let killed = Atomic<Bool>(false)
        let answered = Atomic<Int>(0)
    }

    @Test func answersGivenBeforeAKillHoldAfterTheRestart() async throws {
        var extra = SwiftClientTests.quickJobs
        extra["store.file.flushDiskMode"] = "sync"
        let coordinator = try await RunningCoordinator.start("crash-sync", extra: extra)
        let recorder = PhaseTwoRecorder()
        let client = try await SeataClient.started(
            coordinator.address,
            resources: [recorder.resource("left"), recorder.resource("right")],
            reconnect: .milliseconds(100)
        )
        let run = Run()

        // 100 transactions at once: begin (10 s timeout), two branches, a pause, then commit or
        // roll back. The coordinator is killed once 20 have their answer. The timeout and the
        // wait for answers leave room for a loaded machine: in CI's release pass every suite
        // starts its coordinators at once, and with a 3 s timeout and a 10 s wait no transaction
        // once had its answer before the kill.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    guard let xid = try? await client.begin(name: "crash-\(index)", timeout: .seconds(10)) else {
                        return
                    }
                    var outcome = Outcome(xid: xid, wantedCommit: index % 2 == 0)
                    defer { run.outcomes.withLock { $0.append(outcome) } }
                    for resource in ["left", "right"] {
                        guard
                            let branch = try? await client.registerBranch(
                                xid: xid,
                                branchType: .tcc,
                                resourceId: resource
                            )
                        else { return }
                        outcome.branches.append(branch)
                    }
                    // Each decides after its own pause, so the kill finds transactions in every
                    // state: answered, in phase two, and still open.
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 0...1500)))
                    if run.killed.load(ordering: .relaxed) { return }
                    outcome.sentDecision = true
                    let answer =
                        outcome.wantedCommit
                        ? try? await client.commit(xid: xid) : try? await client.rollback(xid: xid)
                    outcome.decided = answer
                    if answer != nil { run.answered.wrappingAdd(1, ordering: .relaxed) }
                }
            }
            group.addTask {
                // Let some finish and some be half-way.
                _ = await eventually(timeout: .seconds(30)) { run.answered.load(ordering: .relaxed) >= 20 }
                run.killed.store(true, ordering: .relaxed)
                await coordinator.kill()
            }
        }
        let beforeRestart = run.outcomes.withLock { $0 }
        let restarted = try await coordinator.restart()

        // Every transaction whose xid we know ends: Finished at the restarted coordinator.
        let ended = await eventually(timeout: .seconds(40)) {
            for outcome in beforeRestart where try await client.status(xid: outcome.xid) != .finished {
                return false
            }
            return true
        }
        let calls = recorder.all
        await client.shutdown()
        await restarted.stop()
        #expect(ended, "every transaction ended after the restart")

        var committed = 0
        var rolledBack = 0
        var undecided = 0
        for outcome in beforeRestart {
            let confirms = Set(calls.filter { $0.kind == .confirm && $0.xid == outcome.xid }.map(\.branchId))
            let cancels = Set(calls.filter { $0.kind == .cancel && $0.xid == outcome.xid }.map(\.branchId))
            #expect(confirms.isDisjoint(with: cancels), "\(outcome.xid): a branch both confirmed and cancelled")
            switch outcome.decided {
            case .committed:
                committed += 1
                #expect(confirms == Set(outcome.branches), "\(outcome.xid) answered Committed")
                #expect(cancels.isEmpty)
            case .rollbacked:
                rolledBack += 1
                #expect(cancels == Set(outcome.branches), "\(outcome.xid) answered Rollbacked")
                #expect(confirms.isEmpty)
            default:
                // No final answer (in flight at the kill): all one way or all the other, for
                // every branch it registered; never left half done.
                undecided += 1
                let registered = Set(outcome.branches)
                #expect(
                    confirms.union(cancels).isSuperset(of: registered),
                    "\(outcome.xid): every registered branch was driven to an end"
                )
                #expect(confirms.isEmpty || cancels.isEmpty, "\(outcome.xid): one decision for all branches")
                if !outcome.sentDecision || !outcome.wantedCommit {
                    #expect(confirms.isEmpty, "\(outcome.xid): no commit was asked for, so it rolled back")
                }
            }
        }
        print(
            "crash test: \(beforeRestart.count) begun, \(committed) answered Committed, \(rolledBack) Rollbacked, \(undecided) in flight"
        )
        #expect(beforeRestart.count >= 90, "most transactions began before the kill (\(beforeRestart.count))")
        #expect(committed > 0 && rolledBack > 0, "the kill came after some answers (\(committed), \(rolledBack))")
        #expect(undecided > 0, "the kill came while some were in flight")
    }
}
