import SeataProtocol
import Testing

@testable import TransactionCore

/// The phase-two machine as a value: scripted RM answers in, steps out (TC.md "Commit",
/// "Rollback"; DefaultCore.doGlobalCommit / doGlobalRollback).
struct PhaseTwoDriverTests {
    static func session(_ status: GlobalStatus, _ branches: [(BranchType, BranchStatus)], name: String = "order")
        -> GlobalSession
    {
        var session = GlobalSession(
            xid: "127.0.0.1:8091:1",
            transactionId: 1,
            status: status,
            applicationId: "shop",
            transactionServiceGroup: "group",
            transactionName: name,
            timeout: 60_000,
            beginTime: 1_000,
            isActive: status == .begin
        )
        session.branches = branches.enumerated()
            .map { index, branch in
                BranchSession(
                    branchId: Int64(index + 10),
                    xid: session.xid,
                    transactionId: 1,
                    resourceId: "r\(index)",
                    branchType: branch.0,
                    status: branch.1,
                    clientId: "shop:127.0.0.1:1"
                )
            }
        return session
    }

    /// Runs the machine to its stop, answering calls from `answers` (by resource id; missing:
    /// success), and returns the steps it handed out.
    static func run(
        _ driver: inout PhaseTwoDriver,
        answers: [String: BranchAnswer] = [:]
    ) -> [PhaseTwoStep] {
        var steps: [PhaseTwoStep] = []
        while true {
            let step = driver.next()
            steps.append(step)
            switch step {
            case .call(let branch, let phase):
                driver.record(
                    answers[branch.resourceId] ?? .status(phase == .commit ? .phaseTwoCommitted : .phaseTwoRollbacked)
                )
            case .stop:
                return steps
            default:
                continue
            }
        }
    }

    @Test func commitCallsBranchesInRegistrationOrderRemovesEachAndEndsCommitted() {
        let session = Self.session(.committing, [(.tcc, .registered), (.tcc, .phaseOneDone)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        let steps = Self.run(&driver)
        #expect(
            steps == [
                .call(session.branches[0], .commit), .removeBranch(session.branches[0], releaseLocks: false),
                .call(session.branches[1], .commit), .removeBranch(session.branches[1], releaseLocks: false),
                .endSession(from: .committing, final: .committed), .stop(.committed),
            ]
        )
    }

    @Test func commitUnretryableEndsCommitFailedAndStops() {
        let session = Self.session(.committing, [(.tcc, .registered), (.tcc, .registered)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        let steps = Self.run(&driver, answers: ["r0": .status(.phaseTwoCommitFailedUnretryable)])
        #expect(
            steps == [
                .call(session.branches[0], .commit),
                .changeStatus(from: .committing, to: .commitFailed, locks: .keep), .stop(.commitFailed),
            ]
        )
    }

    @Test(arguments: [BranchAnswer.unreachable, .status(.phaseTwoCommitFailedRetryable), .status(.unknown)])
    func commitFirstPassQueuesRetryOnAnythingElse(_ answer: BranchAnswer) {
        let session = Self.session(.committing, [(.tcc, .registered), (.tcc, .registered)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        let steps = Self.run(&driver, answers: ["r0": answer])
        #expect(
            steps == [
                .call(session.branches[0], .commit),
                .changeStatus(from: .committing, to: .commitRetrying, locks: .keep), .stop(.commitRetrying),
            ]
        )
    }

    @Test func commitRetryPassGoesOnPastAnUnreachableBranchAndStaysRetrying() {
        let session = Self.session(.commitRetrying, [(.tcc, .registered), (.tcc, .registered)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: true, now: 2_000)
        let steps = Self.run(&driver, answers: ["r0": .unreachable])
        #expect(
            steps == [
                .call(session.branches[0], .commit),
                .call(session.branches[1], .commit), .removeBranch(session.branches[1], releaseLocks: false),
                .stop(.commitRetrying),
            ]
        )
        #expect(driver.branches == [session.branches[0]])
    }

    @Test func commitFirstPassLeavesATBranchesToTheAsyncJob() {
        let session = Self.session(.committing, [(.at, .registered), (.tcc, .registered), (.at, .phaseOneDone)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        let steps = Self.run(&driver)
        #expect(
            steps == [
                .call(session.branches[1], .commit), .removeBranch(session.branches[1], releaseLocks: false),
                .changeStatus(from: .committing, to: .asyncCommitting, locks: .keep), .stop(.committed),
            ]
        )
    }

    @Test func asyncCommitPassCommitsATBranchesAndEnds() {
        let session = Self.session(.asyncCommitting, [(.at, .registered), (.at, .registered)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: true, now: 2_000)
        let steps = Self.run(&driver, answers: [:])
        #expect(steps.last == .stop(.committed))
        #expect(steps.contains(.endSession(from: .asyncCommitting, final: .committed)))
    }

    @Test func asyncCommitPassKeepsAsyncCommittingWhenAnATBranchMustRetry() {
        let session = Self.session(.asyncCommitting, [(.at, .registered), (.at, .registered)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: true, now: 2_000)
        let steps = Self.run(&driver, answers: ["r0": .status(.phaseTwoCommitFailedRetryable)])
        #expect(
            steps == [
                .call(session.branches[0], .commit),
                .call(session.branches[1], .commit), .removeBranch(session.branches[1], releaseLocks: false),
                .stop(.asyncCommitting),
            ]
        )
    }

    @Test func commitDropsBranchesThatFailedPhaseOneAndXAReadOnlyOnesWithoutCalling() {
        // A branch failed in phase one counts as async-committable (Seata): the first pass leaves it
        // to the async job, which drops it without a call.
        let session = Self.session(
            .committing,
            [(.tcc, .phaseOneFailed), (.xa, .phaseOneRDONLY), (.xa, .phaseOneDone)]
        )
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        #expect(
            Self.run(&driver) == [
                .removeBranch(session.branches[1], releaseLocks: false),
                .call(session.branches[2], .commit), .removeBranch(session.branches[2], releaseLocks: false),
                .changeStatus(from: .committing, to: .asyncCommitting, locks: .keep), .stop(.committed),
            ]
        )
        var asyncSession = session
        asyncSession.status = .asyncCommitting
        asyncSession.branches = [session.branches[0]]
        var job = PhaseTwoDriver(.commit, session: asyncSession, retrying: true, now: 2_000)
        #expect(
            Self.run(&job) == [
                .removeBranch(session.branches[0], releaseLocks: false),
                .endSession(from: .asyncCommitting, final: .committed), .stop(.committed),
            ]
        )
    }

    @Test func xaNotFoundCountsAsCommittedOnceTheRetryTimeHasPassed() {
        let session = Self.session(.commitRetrying, [(.xa, .phaseOneDone)])
        let notFound: [String: BranchAnswer] = ["r0": .status(.phaseTwoCommitFailedXAERNotaRetryable)]
        var early = PhaseTwoDriver(.commit, session: session, retrying: true, now: 2_000)
        #expect(Self.run(&early, answers: notFound).last == .stop(.commitRetrying))
        // begin 1,000 + timeout 60,000 + max(60,000, 60,000)
        var late = PhaseTwoDriver(.commit, session: session, retrying: true, now: 121_001)
        #expect(Self.run(&late, answers: notFound).last == .stop(.committed))
    }

    @Test func rollbackCallsBranchesInReverseOrderReleasingEachBranchsLocks() {
        let session = Self.session(.rollbacking, [(.at, .registered), (.tcc, .registered), (.at, .phaseOneFailed)])
        var driver = PhaseTwoDriver(.rollback, session: session, retrying: false, now: 2_000)
        let steps = Self.run(&driver)
        #expect(
            steps == [
                .removeBranch(session.branches[2], releaseLocks: true),
                .call(session.branches[1], .rollback), .removeBranch(session.branches[1], releaseLocks: true),
                .call(session.branches[0], .rollback), .removeBranch(session.branches[0], releaseLocks: true),
                .endSession(from: .rollbacking, final: .rollbacked), .stop(.rollbacked),
            ]
        )
    }

    @Test(arguments: [
        (GlobalStatus.rollbacking, GlobalStatus.rollbackFailed),
        (.timeoutRollbacking, .timeoutRollbackFailed),
        (.rollbackRetrying, .rollbackFailed),
        (.timeoutRollbackRetrying, .timeoutRollbackFailed),
    ])
    func rollbackUnretryableEndsInTheMatchingFailedFinal(_ start: GlobalStatus, _ final: GlobalStatus) {
        let session = Self.session(start, [(.tcc, .registered)])
        var driver = PhaseTwoDriver(.rollback, session: session, retrying: start != .rollbacking, now: 2_000)
        let steps = Self.run(&driver, answers: ["r0": .status(.phaseTwoRollbackFailedUnretryable)])
        #expect(steps.suffix(2) == [.changeStatus(from: start, to: final, locks: .keep), .stop(final)])
    }

    @Test(arguments: [
        (GlobalStatus.rollbacking, GlobalStatus.rollbackRetrying), (.timeoutRollbacking, .timeoutRollbackRetrying),
    ])
    func rollbackFirstPassQueuesTheMatchingRetry(_ start: GlobalStatus, _ retry: GlobalStatus) {
        let session = Self.session(start, [(.tcc, .registered), (.tcc, .registered)])
        var driver = PhaseTwoDriver(.rollback, session: session, retrying: false, now: 2_000)
        let steps = Self.run(&driver, answers: ["r1": .unreachable])
        #expect(
            steps == [
                .call(session.branches[1], .rollback),
                .changeStatus(from: start, to: retry, locks: .keep), .stop(retry),
            ]
        )
    }

    @Test func rollbackRetryPassStopsAtTheFirstFailureAndKeepsItsStatus() {
        let session = Self.session(.timeoutRollbackRetrying, [(.tcc, .registered), (.tcc, .registered)])
        var driver = PhaseTwoDriver(.rollback, session: session, retrying: true, now: 2_000)
        let steps = Self.run(&driver, answers: ["r1": .status(.phaseTwoRollbackFailedRetryable)])
        #expect(steps == [.call(session.branches[1], .rollback), .stop(.timeoutRollbackRetrying)])
    }

    @Test func timedOutRollbackEndsAsTimeoutRollbacked() {
        let session = Self.session(.timeoutRollbacking, [(.tcc, .registered)])
        var driver = PhaseTwoDriver(.rollback, session: session, retrying: true, now: 2_000)
        #expect(
            Self.run(&driver).suffix(2) == [
                .endSession(from: .timeoutRollbacking, final: .timeoutRollbacked), .stop(.timeoutRollbacked),
            ]
        )
    }

    @Test func sagaPhaseTwoIsOneCallToTheSagaEngine() {
        let session = Self.session(.committing, [(.saga, .phaseOneDone), (.saga, .phaseOneDone)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        let engine = PhaseTwoDriver.sagaBranch(of: session)
        #expect(engine.branchId == -1 && engine.resourceId == "shop#group" && engine.applicationData == "Committing")
        let steps = Self.run(&driver, answers: ["shop#group": .status(.phaseTwoCommitted)])
        #expect(
            steps == [.call(engine, .commit), .endSession(from: .committing, final: .committed), .stop(.committed)]
        )
    }

    @Test func sagaRollbackAnsweredWithForwardRecoveryRetriesTheCommit() {
        let session = Self.session(.timeoutRollbacking, [], name: "$Saga_order")
        var driver = PhaseTwoDriver(.rollback, session: session, retrying: true, now: 2_000)
        let steps = Self.run(&driver, answers: ["shop#group": .status(.phaseTwoCommitFailedRetryable)])
        #expect(
            steps.suffix(2) == [
                .changeStatus(from: .timeoutRollbacking, to: .commitRetrying, locks: .keep), .stop(.commitRetrying),
            ]
        )
    }

    @Test func lostRaceStopsWithTheStatusTheStoreHas() {
        let session = Self.session(.committing, [(.tcc, .registered)])
        var driver = PhaseTwoDriver(.commit, session: session, retrying: false, now: 2_000)
        _ = driver.next()
        driver.record(.unreachable)
        #expect(driver.next() == .changeStatus(from: .committing, to: .commitRetrying, locks: .keep))
        driver.lostRace(currentStatus: .commitFailed)
        #expect(driver.next() == .stop(.commitFailed))
    }
}
