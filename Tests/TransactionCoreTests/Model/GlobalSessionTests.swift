import SeataProtocol
import Testing

@testable import TransactionCore

struct GlobalSessionTests {
    static func session(_ types: [BranchType]) -> GlobalSession {
        GlobalSession(
            xid: "127.0.0.1:8091:1",
            transactionId: 1,
            applicationId: "shop",
            transactionServiceGroup: "default_tx_group",
            transactionName: "t",
            timeout: 60_000,
            beginTime: 0,
            branches: types.enumerated()
                .map { index, type in
                    BranchSession(
                        branchId: Int64(index + 10),
                        xid: "127.0.0.1:8091:1",
                        transactionId: 1,
                        resourceId: "r",
                        branchType: type,
                        clientId: "shop:127.0.0.1:40000"
                    )
                }
        )
    }

    /// Only AT branches hold row locks: a decision on a session without one has none to touch.
    @Test(arguments: [LockEffect.release, .markRollbacking])
    func aDecisionTouchesRowLocksOnlyWhenABranchHoldsThem(effect: LockEffect) {
        #expect(Self.session([]).lockEffect(ofDecision: effect) == .keep)
        #expect(Self.session([.tcc, .saga, .xa]).lockEffect(ofDecision: effect) == .keep)
        #expect(Self.session([.tcc, .at]).lockEffect(ofDecision: effect) == effect)
    }
}
