import SeataProtocol
import Testing
import TransactionCore

/// GlobalCommit and the jobs that finish commits (TC.md "Commit", "Background jobs").
struct CommitTests {
    @Test func tccCommitCallsEachBranchInRegistrationOrderThenEndsTheSession() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let first = try await h.register(xid, resource: "stock")
        let second = try await h.register(xid, resource: "payment")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(h.messenger.calls.map(\.branchId) == [first, second])
        #expect(h.messenger.calls(.rollback).isEmpty)
        #expect(try await h.session(xid) == nil)
        #expect(try await h.coordinator.status(xid: xid) == .finished)
        #expect(try await h.coordinator.commit(xid: xid) == .finished)
        await h.close()
    }

    @Test func atOnlyCommitAnswersCommittedAtOnceAndTheAsyncJobCommitsTheBranches() async throws {
        let h = try Harness(settings: .atBranchesByTheJob)
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:2")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(h.messenger.calls.isEmpty)
        #expect(try await h.session(xid)?.status == .asyncCommitting)
        #expect(try await h.coordinator.status(xid: xid) == .asyncCommitting)
        // The decision released the rows at once.
        #expect(
            try await h.coordinator.isLockable(xid: "other", branchType: .at, resourceId: "db", lockKey: "orders:1,2")
        )
        await h.coordinator.runRecoveryJob(.asyncCommitting)
        #expect(h.messenger.calls(.commit).count == 2)
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func mixedATAndTCCCommitsTheTCCBranchNowAndLeavesTheATOnesToTheJob() async throws {
        let h = try Harness(settings: .atBranchesByTheJob)
        let xid = try await h.begin()
        let at = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        let tcc = try await h.register(xid, resource: "payment")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(h.messenger.calls.map(\.branchId) == [tcc])
        let left = try await h.session(xid)
        #expect(left?.status == .asyncCommitting)
        #expect(left?.branches.map(\.branchId) == [at])
        await h.coordinator.runRecoveryJob(.asyncCommitting)
        #expect(h.messenger.calls.map(\.branchId) == [tcc, at])
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func anUnreachableRMLeavesCommitRetryingAndTheJobRetriesUntilItAnswers() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        let payment = try await h.register(xid, resource: "payment")
        h.messenger.script(
            "payment",
            .unreachable,
            .status(.phaseTwoCommitFailedRetryable),
            .status(.phaseTwoCommitted)
        )
        #expect(try await h.coordinator.commit(xid: xid) == .commitRetrying)
        #expect(try await h.session(xid)?.branches.map(\.branchId) == [payment])
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(try await h.session(xid)?.status == .commitRetrying)
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(try await h.session(xid) == nil)
        #expect(h.messenger.calls(.commit).filter { $0.resourceId == "payment" }.count == 3)
        #expect(h.messenger.calls(.rollback).isEmpty)
        await h.close()
    }

    @Test func anRMRefusingForGoodEndsCommitFailedKeptVisibleAndNotRetried() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        h.messenger.script("stock", .status(.phaseTwoCommitFailedUnretryable))
        #expect(try await h.coordinator.commit(xid: xid) == .commitFailed)
        #expect(try await h.session(xid)?.status == .commitFailed)
        #expect(try await h.coordinator.failedFinalCount() == 1)
        #expect(try await h.coordinator.unfinishedCount() == 0)
        for job in RecoveryJobName.allCases { await h.coordinator.runRecoveryJob(job) }
        #expect(h.messenger.calls.count == 1)
        #expect(try await h.coordinator.status(xid: xid) == .commitFailed)
        await h.close()
    }

    @Test func commitRetriedPastMaxCommitRetryTimeoutEndsCommitRetryTimeoutAndIsKept() async throws {
        var settings = CoreSettings()
        settings.maxCommitRetryTimeout = .seconds(5)
        let h = try Harness(settings: settings)
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        h.messenger.script("stock", .unreachable)
        #expect(try await h.coordinator.commit(xid: xid) == .commitRetrying)
        h.clock.advance(milliseconds: 4_000)
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(h.messenger.calls.count == 2)
        h.clock.advance(milliseconds: 1_001)
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(h.messenger.calls.count == 2)
        #expect(try await h.session(xid)?.status == .commitRetryTimeout)
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(h.messenger.calls.count == 2)
        #expect(try await h.coordinator.failedFinalCount() == 1)
        await h.close()
    }

    @Test func commitOfAnUnknownXidAnswersFinished() async throws {
        let h = try Harness()
        #expect(try await h.coordinator.commit(xid: "127.0.0.1:8091:42") == .finished)
        #expect(try await h.coordinator.rollback(xid: "127.0.0.1:8091:42") == .finished)
        #expect(try await h.coordinator.status(xid: "127.0.0.1:8091:42") == .finished)
        await h.close()
    }

    @Test func commitWithoutBranchesEndsAtOnce() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func commitOfASessionRollingBackAnswersItsStatus() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        h.messenger.script("stock", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        #expect(try await h.coordinator.commit(xid: xid) == .rollbackRetrying)
        #expect(h.messenger.calls(.commit).isEmpty)
        await h.close()
    }

    @Test func commitAfterTheTimeoutAnswersTimeoutRollbackingAndTheBranchesAreRolledBack() async throws {
        let h = try Harness()
        let xid = try await h.begin(timeout: 1_000)
        let branch = try await h.register(xid, resource: "stock")
        h.clock.advance(milliseconds: 1_001)
        #expect(try await h.coordinator.commit(xid: xid) == .timeoutRollbacking)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(h.messenger.calls == [FakeMessenger.Call(phase: .rollback, branchId: branch, resourceId: "stock")])
        #expect(try await h.session(xid) == nil)
        await h.close()
    }

    @Test func aCommitRacingBranchRegistrationsCommitsEveryBranchThatGotAnId() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "first")
        let registered = await withTaskGroup(of: Int64?.self) { group in
            for index in 0..<20 {
                group.addTask { try? await h.register(xid, resource: "r\(index)") }
            }
            group.addTask {
                #expect((try? await h.coordinator.commit(xid: xid)) == .committed)
                return nil
            }
            var ids: Set<Int64> = []
            for await id in group { if let id { ids.insert(id) } }
            return ids
        }
        let committed = Set(h.messenger.calls(.commit).map(\.branchId))
        #expect(registered.isSubset(of: committed))
        #expect(try await h.session(xid) == nil)
        await h.close()
    }
}
