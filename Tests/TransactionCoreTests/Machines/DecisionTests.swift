import SeataProtocol
import Testing

@testable import TransactionCore

/// The decisions taken before phase two (TC.md "The model"): what commit, rollback, register
/// and a saga report do with the session they find.
struct DecisionTests {
    static func session(_ status: GlobalStatus, _ types: [BranchType] = [], name: String = "order", active: Bool? = nil)
        -> GlobalSession
    {
        var session = PhaseTwoDriverTests.session(status, types.map { ($0, .registered) }, name: name)
        if let active { session.isActive = active }
        return session
    }

    @Test func commitOfAnUnknownXidAnswersFinished() {
        #expect(CommitDecision.decide(nil, now: 0) == .answer(.finished))
    }

    @Test(arguments: GlobalStatus.allCases.filter { $0 != .begin })
    func commitOfADecidedSessionAnswersItsStatusAsSeataDoes(_ status: GlobalStatus) {
        let expected: GlobalStatus = status == .asyncCommitting ? .committed : status
        #expect(CommitDecision.decide(Self.session(status, [.tcc]), now: 2_000) == .answer(expected))
    }

    @Test func commitOfOnlyATBranchesIsAsynchronous() {
        #expect(CommitDecision.decide(Self.session(.begin, [.at, .at]), now: 2_000) == .commitAsync)
    }

    @Test func commitWithAnyOtherBranchIsSynchronous() {
        #expect(CommitDecision.decide(Self.session(.begin, [.at, .tcc]), now: 2_000) == .commitNow)
        #expect(CommitDecision.decide(Self.session(.begin, [.xa]), now: 2_000) == .commitNow)
    }

    @Test func commitWithoutBranchesEndsAtOnce() {
        #expect(CommitDecision.decide(Self.session(.begin), now: 2_000) == .endEmpty)
    }

    @Test func commitPastTheTimeoutTimesOut() {
        // begin 1,000, timeout 60,000: past it strictly after 61,000.
        #expect(CommitDecision.decide(Self.session(.begin, [.tcc]), now: 61_000) == .commitNow)
        #expect(CommitDecision.decide(Self.session(.begin, [.tcc]), now: 61_001) == .timeOut)
    }

    @Test func rollbackOnlyFromBegin() {
        #expect(RollbackDecision.decide(nil) == .answer(.finished))
        #expect(RollbackDecision.decide(Self.session(.begin, [.tcc])) == .rollbackNow)
        #expect(RollbackDecision.decide(Self.session(.committing, [.tcc])) == .answer(.committing))
        #expect(RollbackDecision.decide(Self.session(.timeoutRollbacking, [.tcc])) == .answer(.timeoutRollbacking))
    }

    @Test func registrationNeedsAnOpenSession() {
        #expect(RegistrationRule.check(nil, xid: "x", branchType: .at)?.code == .globalTransactionNotExist)
        #expect(RegistrationRule.check(Self.session(.begin), xid: "x", branchType: .at) == nil)
        #expect(
            RegistrationRule.check(Self.session(.committing), xid: "x", branchType: .tcc)?.code
                == .globalTransactionNotActive
        )
        #expect(
            RegistrationRule.check(Self.session(.committing, active: true), xid: "x", branchType: .tcc)?.code
                == .globalTransactionStatusInvalid
        )
        // SAGA forward recovery registers into sessions in any status.
        #expect(RegistrationRule.check(Self.session(.commitRetrying), xid: "x", branchType: .saga) == nil)
    }

    @Test func retryLimitsCountFromTheBeginAndNegativeMeansForever() {
        #expect(!RetryLimit.isExceeded(nil, beginTime: 0, now: .max))
        #expect(!RetryLimit.isExceeded(.milliseconds(-1), beginTime: 0, now: .max))
        #expect(!RetryLimit.isExceeded(.milliseconds(100), beginTime: 1_000, now: 1_100))
        #expect(RetryLimit.isExceeded(.milliseconds(100), beginTime: 1_000, now: 1_101))
    }

    @Test func reportActsOnlyOnSagaSessions() {
        #expect(SagaReport.decide(Self.session(.begin, [.tcc]), reported: .committed) == .answer(.begin))
        let saga = Self.session(.begin, [.saga])
        #expect(SagaReport.decide(saga, reported: .committed) == .end(.committed))
        #expect(SagaReport.decide(saga, reported: .rollbacked) == .end(.rollbacked))
        #expect(SagaReport.decide(saga, reported: .finished) == .end(.rollbacked))
        #expect(
            SagaReport.decide(Self.session(.timeoutRollbacking, [.saga]), reported: .rollbacked)
                == .end(.timeoutRollbacked)
        )
        #expect(SagaReport.decide(saga, reported: .unknown) == .change(.rollbackRetrying, .keep))
        #expect(SagaReport.decide(saga, reported: .commitRetrying) == .change(.commitRetrying, .keep))
        #expect(SagaReport.decide(saga, reported: .rollbacking) == .change(.rollbacking, .markRollbacking))
        #expect(SagaReport.decide(Self.session(.begin, name: "$Saga_trip"), reported: .committed) == .end(.committed))
    }
}
