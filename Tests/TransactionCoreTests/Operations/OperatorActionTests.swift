import SeataProtocol
import Testing
import TransactionCore

/// The operator actions on the core over the file store, with a scripted RM: state checks,
/// compare-and-set, what each does to branches and row locks.
struct OperatorActionTests {
    let who = Operator(name: "tester", address: "127.0.0.1:1")

    /// A session kept as CommitRetryTimeout: one TCC branch whose RM could not commit in time.
    private func commitRetryTimeout(_ h: Harness) async throws -> String {
        h.settings.update { $0.maxCommitRetryTimeout = .milliseconds(1000) }
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "ledger")
        h.messenger.script("ledger", .unreachable)
        #expect(try await h.coordinator.commit(xid: xid) == .commitRetrying)
        h.clock.advance(milliseconds: 2000)
        await h.coordinator.runRecoveryJob(.retryCommitting)
        #expect(try await h.session(xid)?.status == .commitRetryTimeout)
        return xid
    }

    @Test func aCommitRetryTimeoutIsRedrivenToCommittedOnceItsRMAnswers() async throws {
        let h = try Harness()
        let xid = try await commitRetryTimeout(h)
        let refused = await operatorError { try await h.coordinator.redrive(xid: xid, by: who) }
        #expect(refused?.kind == .notCompleted)
        #expect(refused?.status == .commitRetryTimeout, "kept as it was while the RM is still away")
        #expect(refused?.branches.first?.answer == nil)
        #expect(try await h.session(xid)?.status == .commitRetryTimeout)

        h.messenger.script("ledger", .status(.phaseTwoCommitted))
        let done = try await h.coordinator.redrive(xid: xid, by: who)
        #expect(done.before == .commitRetryTimeout && done.after == nil)
        #expect(done.branches.map(\.answer) == [.phaseTwoCommitted])
        #expect(try await h.session(xid) == nil)
        #expect(try await h.coordinator.status(xid: xid) == .finished)
        await h.close()
    }

    @Test func aStoppedRollbackIsLeftByTheJobUntilStartedAgain() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "stock")
        h.messenger.script("stock", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        let stopped = try await h.coordinator.stopRetry(xid: xid, by: who)
        #expect(stopped.after == .stopRollbackOrRollbackRetry)
        let calls = h.messenger.calls.count
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(h.messenger.calls.count == calls, "no job drives a stopped session")
        #expect(await operatorError { try await h.coordinator.stopRetry(xid: xid, by: who) }?.kind == .refused)

        h.messenger.script("stock", .status(.phaseTwoRollbacked))
        #expect(try await h.coordinator.startRetry(xid: xid, by: who).after == .rollbackRetrying)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await h.session(xid) == nil)
        #expect(await operatorError { try await h.coordinator.startRetry(xid: xid, by: who) }?.kind == .notFound)
        await h.close()
    }

    @Test func deletingRollsTheBranchesBackFirstAndForceDeletingCallsNoRM() async throws {
        let h = try Harness()
        h.settings.update { $0.maxRollbackRetryTimeout = .milliseconds(1000) }
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "a")
        _ = try await h.register(xid, .at, resource: "db", lockKey: "orders:1")
        h.messenger.script("a", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        h.clock.advance(milliseconds: 2000)
        await h.coordinator.runRecoveryJob(.retryRollbacking)
        #expect(try await h.session(xid)?.status == .rollbackRetryTimeout)

        // The RM is still away: not deleted, kept as it was.
        let kept = await operatorError { try await h.coordinator.deleteSession(xid: xid, force: false, by: who) }
        #expect(kept?.kind == .notCompleted && kept?.status == .rollbackRetryTimeout)
        h.messenger.script("a", .status(.phaseTwoRollbacked))
        let deleted = try await h.coordinator.deleteSession(xid: xid, force: false, by: who)
        #expect(deleted.after == nil && deleted.branches.map(\.call) == [.rollback])
        #expect(try await h.session(xid) == nil)

        // A commit-decided session is not rolled back; force delete forgets it without its RMs.
        let committed = try await commitRetryTimeout(h)
        let refused = await operatorError {
            try await h.coordinator.deleteSession(xid: committed, force: false, by: who)
        }
        #expect(refused?.kind == .refused && refused?.message.contains("BranchDelete") == true)
        let before = h.messenger.calls.count
        #expect(try await h.coordinator.deleteSession(xid: committed, force: true, by: who).after == nil)
        #expect(h.messenger.calls.count == before)
        #expect(try await h.session(committed) == nil)
        await h.close()
    }

    @Test func aBranchIsDeletedAfterItsRollbackOrForcedWithoutIt() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let kept = try await h.register(xid, resource: "kept")
        let gone = try await h.register(xid, .at, resource: "db", lockKey: "orders:7")
        h.messenger.script("kept", .unreachable)
        h.messenger.script("db", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        _ = try await h.coordinator.stopRetry(xid: xid, by: who)
        h.messenger.script("db", .status(.phaseTwoRollbacked))
        _ = try await h.coordinator.deleteBranch(xid: xid, branchId: gone, force: false, by: who)
        #expect(try await h.session(xid)?.branches.map(\.branchId) == [kept])
        #expect(try await h.coordinator.isLockable(xid: "x", branchType: .at, resourceId: "db", lockKey: "orders:7"))
        let unknown = await operatorError {
            try await h.coordinator.deleteBranch(xid: xid, branchId: 1, force: true, by: who)
        }
        #expect(unknown?.kind == .notFound)
        let before = h.messenger.calls.count
        _ = try await h.coordinator.deleteBranch(xid: xid, branchId: kept, force: true, by: who)
        #expect(h.messenger.calls.count == before)
        #expect(try await h.session(xid)?.branches.isEmpty == true)
        await h.close()
    }

    @Test func aRowLockIsReleasedOnlyOnceItsRollbackIsStopped() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let branch = try await h.register(xid, .at, resource: "db", lockKey: "orders:1,2")
        func release() async throws -> OperatorOutcome {
            try await h.coordinator.releaseLock(
                xid: xid,
                branchId: branch,
                resourceId: "db",
                tableName: "orders",
                pk: "1",
                by: who
            )
        }
        #expect(await operatorError { try await release() }?.kind == .refused, "open transaction")
        h.messenger.script("db", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        let rolling = await operatorError { try await release() }
        #expect(rolling?.kind == .refused && rolling?.message.contains("stop its retries") == true)
        _ = try await h.coordinator.stopRetry(xid: xid, by: who)
        _ = try await release()
        #expect(try await h.coordinator.isLockable(xid: "x", branchType: .at, resourceId: "db", lockKey: "orders:1"))
        #expect(!(try await h.coordinator.isLockable(xid: "x", branchType: .at, resourceId: "db", lockKey: "orders:2")))
        #expect(try await h.session(xid)?.branches.first?.lockKey == "orders:2")
        #expect(await operatorError { try await release() }?.kind == .notFound)
        await h.close()
    }

    @Test func anOpenTransactionRefusesEveryAction() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        let branch = try await h.register(xid, resource: "a")
        let actions: [() async throws -> OperatorOutcome] = [
            { try await h.coordinator.stopRetry(xid: xid, by: who) },
            { try await h.coordinator.startRetry(xid: xid, by: who) },
            { try await h.coordinator.redrive(xid: xid, by: who) },
            { try await h.coordinator.deleteSession(xid: xid, force: false, by: who) },
            { try await h.coordinator.deleteSession(xid: xid, force: true, by: who) },
            { try await h.coordinator.deleteBranch(xid: xid, branchId: branch, force: false, by: who) },
            { try await h.coordinator.deleteBranch(xid: xid, branchId: branch, force: true, by: who) },
        ]
        for action in actions {
            let error = await operatorError(action)
            #expect(error?.kind == .refused && error?.status == .begin, "\(error?.message ?? "done")")
        }
        #expect(try await h.session(xid)?.status == .begin)
        #expect(h.messenger.calls.isEmpty)
        await h.close()
    }

    @Test func clientsAreToldWhatAnOperatorStatusMeans() async throws {
        let h = try Harness()
        let xid = try await h.begin()
        _ = try await h.register(xid, resource: "a")
        h.messenger.script("a", .unreachable)
        #expect(try await h.coordinator.rollback(xid: xid) == .rollbackRetrying)
        _ = try await h.coordinator.stopRetry(xid: xid, by: who)
        // The core keeps Seata's status; the transport maps it for clients (RequestDispatcher).
        #expect(try await h.coordinator.status(xid: xid) == .stopRollbackOrRollbackRetry)
        #expect(try await h.coordinator.unfinishedCount() == 1)
        await h.close()
    }
}

/// The OperatorError an action throws, or nil when it succeeded.
func operatorError(_ body: () async throws -> some Any) async -> OperatorError? {
    do {
        _ = try await body()
        return nil
    } catch let error as OperatorError {
        return error
    } catch {
        return OperatorError(.storeFailed, "\(error)")
    }
}
