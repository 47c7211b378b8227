import SeataProtocol
import Testing

@testable import TransactionCore

/// Which action each global status allows (OperatorRules), without I/O.
struct OperatorRulesTests {
    private func session(_ status: GlobalStatus, branches: [BranchSession]? = nil) -> GlobalSession {
        let branch = BranchSession(
            branchId: 7,
            xid: "x",
            transactionId: 1,
            resourceId: "r",
            branchType: .tcc,
            clientId: "c"
        )
        return GlobalSession(
            xid: "x",
            transactionId: 1,
            status: status,
            applicationId: "a",
            transactionServiceGroup: "g",
            transactionName: "n",
            timeout: 60_000,
            beginTime: 0,
            branches: branches ?? [branch]
        )
    }

    private func allowed<Plan>(_ rule: Rule<Plan>) -> Plan? {
        if case .allowed(let plan) = rule { return plan }
        return nil
    }

    @Test(arguments: GlobalStatus.allCases)
    func stopAndStartPairUp(status: GlobalStatus) {
        let stopped = allowed(OperatorRules.stop(status))
        switch status {
        case .commitRetrying, .committing: #expect(stopped == .stopCommitOrCommitRetry)
        case .rollbackRetrying, .rollbacking, .timeoutRollbacking, .timeoutRollbackRetrying:
            #expect(stopped == .stopRollbackOrRollbackRetry)
        default: #expect(stopped == nil)
        }
        let started = allowed(OperatorRules.start(status))
        switch status {
        case .stopCommitOrCommitRetry: #expect(started == .commitRetrying)
        case .stopRollbackOrRollbackRetry: #expect(started == .rollbackRetrying)
        default: #expect(started == nil)
        }
    }

    @Test(arguments: GlobalStatus.allCases)
    func redriveFollowsTheDecision(status: GlobalStatus) {
        let plan = allowed(OperatorRules.redrive(session(status)))
        switch status {
        case .commitRetrying, .committing, .stopCommitOrCommitRetry, .commitFailed, .commitRetryTimeout:
            #expect(plan == Redrive(direction: .commit, driving: .commitRetrying))
        case .rollbackRetrying, .rollbacking, .stopRollbackOrRollbackRetry, .rollbackFailed, .rollbackRetryTimeout:
            #expect(plan == Redrive(direction: .rollback, driving: .rollbackRetrying))
        case .timeoutRollbacking, .timeoutRollbackRetrying, .timeoutRollbackFailed:
            #expect(plan == Redrive(direction: .rollback, driving: .timeoutRollbackRetrying))
        default:
            #expect(plan == nil, "\(status) has nothing to re-drive")
        }
    }

    @Test func deleteRollsBackOnlyWhatWasDecidedToRollBack() {
        for status in [
            GlobalStatus.rollbackRetrying, .rollbackFailed, .timeoutRollbackFailed, .stopRollbackOrRollbackRetry,
        ] {
            #expect(allowed(OperatorRules.delete(session(status))) != nil, "\(status)")
        }
        for status in [
            GlobalStatus.commitRetrying, .commitFailed, .commitRetryTimeout, .stopCommitOrCommitRetry, .begin,
        ] {
            #expect(allowed(OperatorRules.delete(session(status))) == nil, "\(status)")
            #expect(allowed(OperatorRules.forceDelete(session(status))) == nil || status != .begin)
        }
        #expect(allowed(OperatorRules.delete(session(.commitFailed, branches: []))) != nil, "nothing to roll back")
        let saga = GlobalSession(
            xid: "x",
            transactionId: 1,
            status: .rollbackFailed,
            applicationId: "a",
            transactionServiceGroup: "g",
            transactionName: GlobalSession.sagaNamePrefix + "s",
            timeout: 1,
            beginTime: 0,
            branches: [
                BranchSession(branchId: 1, xid: "x", transactionId: 1, resourceId: "r", branchType: .saga, clientId: "")
            ]
        )
        #expect(allowed(OperatorRules.delete(saga)) == nil)
        #expect(allowed(OperatorRules.forceDeleteBranch(saga.branches[0], of: saga)) == nil)
    }

    @Test func aBranchThatFailedInPhaseOneIsRemovedWithoutCallingItsRM() {
        var failed = BranchSession(
            branchId: 1,
            xid: "x",
            transactionId: 1,
            resourceId: "r",
            branchType: .at,
            clientId: "c"
        )
        failed.status = .phaseOneFailed
        let committed = session(.commitRetryTimeout, branches: [failed])
        #expect(allowed(OperatorRules.deleteBranch(failed, of: committed)) == .removeOnly)
        let rolling = session(.rollbackRetrying)
        #expect(allowed(OperatorRules.deleteBranch(rolling.branches[0], of: rolling)) == .rollbackFirst)
        let decided = session(.commitFailed)
        #expect(allowed(OperatorRules.deleteBranch(decided.branches[0], of: decided)) == nil, "decided to commit")
    }

    @Test func rowLocksAreReleasedOnlyWhenNothingStillNeedsThem() {
        #expect(allowed(OperatorRules.releaseLock(heldBy: nil)) != nil, "its session is gone")
        for status in [
            GlobalStatus.begin, .rollbacking, .rollbackRetrying, .timeoutRollbacking, .timeoutRollbackRetrying,
        ] {
            #expect(allowed(OperatorRules.releaseLock(heldBy: session(status))) == nil, "\(status)")
        }
        for status in [GlobalStatus.rollbackFailed, .rollbackRetryTimeout, .stopRollbackOrRollbackRetry, .commitFailed]
        {
            #expect(allowed(OperatorRules.releaseLock(heldBy: session(status))) != nil, "\(status)")
        }
    }
}
