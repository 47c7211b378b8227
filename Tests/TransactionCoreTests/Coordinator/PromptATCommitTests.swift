import SeataProtocol
import Testing
import TransactionCore

/// AT branches are committed right after the TM's answer, without waiting for the
/// async-committing job, which retries only what could not be committed then.
struct PromptATCommitTests {
    @Test func atOnlyCommitCommitsTheBranchesRightAfterTheAnswerWithoutTheJob() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let first = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        let second = try await h.register(xid, .at, resource: "db", lockKey: "orders:2")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        // No job runs in this harness: whatever ends the session is the background commit.
        #expect(try await eventually { try await h.session(xid) == nil })
        #expect(h.messenger.calls(.commit).map(\.branchId).sorted() == [first, second].sorted())
        #expect(h.messenger.calls(.rollback).isEmpty)
        await h.close()
    }

    @Test func mixedATAndTCCCommitsTheTCCBranchBeforeTheAnswerAndTheATOneRightAfter() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let at = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        let tcc = try await h.register(xid, resource: "payment")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(h.messenger.calls.first?.branchId == tcc)
        #expect(try await eventually { try await h.session(xid) == nil })
        #expect(h.messenger.calls.map(\.branchId) == [tcc, at])
        await h.close()
    }

    @Test func anATBranchThatCannotCommitNowStaysAsyncCommittingForTheJob() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let branch = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        h.messenger.script("db", .unreachable, .status(.phaseTwoCommitted))
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        #expect(try await eventually { h.messenger.calls(.commit).count == 1 })
        let left = try await h.session(xid)
        #expect(left?.status == .asyncCommitting)
        #expect(left?.branches.map(\.branchId) == [branch])
        await h.coordinator.runRecoveryJob(.asyncCommitting)
        #expect(try await h.session(xid) == nil)
        #expect(h.messenger.calls(.commit).count == 2)
        await h.close()
    }

    @Test func withTheSettingOffTheBranchesWaitForTheJob() async throws {
        let h = try Harness(settings: .atBranchesByTheJob)
        let xid = try await h.begin()
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        #expect(try await h.coordinator.commit(xid: xid) == .committed)
        try await Task.sleep(for: .milliseconds(200))
        #expect(h.messenger.calls.isEmpty)
        #expect(try await h.session(xid)?.status == .asyncCommitting)
        await h.close()
    }

    /// Polls `condition` for up to 10 s (background work on a loaded machine).
    private func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while clock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }
}
