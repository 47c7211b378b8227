import SeataProtocol

/// Which operator actions a session's state allows, and why not otherwise.
///
/// Plain decisions, no I/O, so every rule is a unit test. Seata's console (AbstractGlobalService, AbstractBranchService) is
/// the model; where it would do something unsafe, the rule refuses with the reason.
///
/// The protocol (v1) has no BranchDelete message, so deleting a session or a branch rolls its
/// branches back first. That is only consistent with a rollback decision: for a transaction decided
/// to commit, the other branches have committed, and undoing the rest would break it, so those are
/// refused with the way out (re-drive the commit, or force-delete).
enum OperatorRules {
    /// The status a stop moves `status` to, or why it cannot be stopped.
    static func stop(_ status: GlobalStatus) -> Rule<GlobalStatus> {
        switch status {
        case .commitRetrying, .committing:
            return .allowed(.stopCommitOrCommitRetry)
        case .rollbackRetrying, .rollbacking, .timeoutRollbacking, .timeoutRollbackRetrying:
            return .allowed(.stopRollbackOrRollbackRetry)
        case .stopCommitOrCommitRetry, .stopRollbackOrRollbackRetry:
            return .refused("its retries are stopped already (\(status)); start them again with startGlobalSession")
        default:
            return .refused("\(status) is not being retried: \(whatHappens(status))")
        }
    }

    /// The status a start moves a stopped session to, or why there is nothing to start.
    static func start(_ status: GlobalStatus) -> Rule<GlobalStatus> {
        switch status {
        case .stopCommitOrCommitRetry: .allowed(.commitRetrying)
        case .stopRollbackOrRollbackRetry: .allowed(.rollbackRetrying)
        default: .refused("its retries are not stopped (\(status)); only a stopped session can be started")
        }
    }

    /// The phase two to drive again and the status to drive it in, or why not.
    static func redrive(_ session: GlobalSession) -> Rule<Redrive> {
        let status = session.status
        switch status {
        case .commitRetrying, .committing, .stopCommitOrCommitRetry, .commitFailed, .commitRetryTimeout:
            return .allowed(Redrive(direction: .commit, driving: .commitRetrying))
        case .rollbackRetrying, .rollbacking, .stopRollbackOrRollbackRetry, .rollbackFailed, .rollbackRetryTimeout:
            return .allowed(Redrive(direction: .rollback, driving: .rollbackRetrying))
        case .timeoutRollbacking, .timeoutRollbackRetrying, .timeoutRollbackFailed:
            return .allowed(Redrive(direction: .rollback, driving: .timeoutRollbackRetrying))
        default:
            return .refused("\(status) has no commit or rollback to drive again: \(whatHappens(status))")
        }
    }

    /// Whether the session may be deleted after rolling its branches back.
    static func delete(_ session: GlobalSession) -> Rule<Void> {
        if let open = refusedWhileOpen(session) { return .refused(open) }
        if session.branches.isEmpty { return .allowed(()) }
        if session.isSaga {
            return .refused(
                "a saga's engine decides its branches, so they cannot be rolled back one by one; re-drive its "
                    + "rollback (sendCommitOrRollback), or force-delete it (forceDeleteGlobalSession)"
            )
        }
        if isCommitDecided(session.status) { return .refused(commitDecided(session.status)) }
        return .allowed(())
    }

    /// Whether the session may be removed without calling its RMs.
    static func forceDelete(_ session: GlobalSession) -> Rule<Void> {
        refusedWhileOpen(session).map(Rule.refused) ?? .allowed(())
    }

    /// How a branch is deleted: removed at once (it failed in phase one) or rolled back first.
    static func deleteBranch(_ branch: BranchSession, of session: GlobalSession) -> Rule<BranchDeletion> {
        if let refusal = refusedForBranches(session) { return .refused(refusal) }
        if branch.status == .phaseOneFailed { return .allowed(.removeOnly) }
        if isCommitDecided(session.status) { return .refused(commitDecided(session.status)) }
        return .allowed(.rollbackFirst)
    }

    /// Whether a branch may be removed without calling its RM.
    static func forceDeleteBranch(_ branch: BranchSession, of session: GlobalSession) -> Rule<Void> {
        refusedForBranches(session).map(Rule.refused) ?? .allowed(())
    }

    /// Whether a row lock held by `session` (nil: a lock whose session is gone) may be released.
    static func releaseLock(heldBy session: GlobalSession?) -> Rule<Void> {
        guard let session else { return .allowed(()) }
        switch session.status {
        case .begin:
            return .refused(
                "it is held by an open transaction (Begin): other transactions could then write rows this one "
                    + "changed, and its rollback would find them dirty; let its TM end it, or wait for its timeout"
            )
        case .rollbacking, .rollbackRetrying, .timeoutRollbacking, .timeoutRollbackRetrying, .deleting:
            return .refused(
                "its transaction is rolling back (\(session.status)) and the row is still to be restored: stop its "
                    + "retries first (stopGlobalSession), then release the lock"
            )
        default:
            return .allowed(())
        }
    }

    // MARK: - Shared

    private static func refusedWhileOpen(_ session: GlobalSession) -> String? {
        guard session.status == .begin else { return nil }
        return "the transaction is open (Begin): its TM still decides it; roll it back through the TM, or wait "
            + "for its timeout (\(session.timeout) ms from its begin) and the rollback that follows"
    }

    private static func refusedForBranches(_ session: GlobalSession) -> String? {
        if session.isSaga { return "saga can not operate branch transactions because it have no determinative role" }
        return refusedWhileOpen(session)
    }

    private static func isCommitDecided(_ status: GlobalStatus) -> Bool {
        switch status {
        case .committing, .commitRetrying, .commitFailed, .commitRetryTimeout, .stopCommitOrCommitRetry,
            .asyncCommitting, .committed:
            true
        default:
            false
        }
    }

    private static func commitDecided(_ status: GlobalStatus) -> String {
        "the transaction was decided to commit (\(status)), so its other branches have committed; the protocol "
            + "has no BranchDelete, and rolling the rest back would undo part of a committed transaction. Re-drive "
            + "the commit (sendCommitOrRollback), or force-delete (forceDelete…) to forget it without calling its RMs"
    }

    private static func whatHappens(_ status: GlobalStatus) -> String {
        switch status {
        case .begin: "the transaction is open; its TM commits or rolls it back, or it times out"
        case .asyncCommitting: "it is committed; the async-committing job commits its AT branches in the background"
        case .deleting: "an operator is deleting it"
        case .commitFailed, .rollbackFailed, .timeoutRollbackFailed, .commitRetryTimeout, .rollbackRetryTimeout:
            "it ended in a failed final; re-drive it (changeGlobalStatus) or delete it"
        default: "it has ended"
        }
    }
}

/// A rule's decision.
enum Rule<Plan> {
    /// Allowed, with what to do.
    case allowed(Plan)
    /// Refused, with the reason.
    case refused(String)
}

/// A phase two an operator drives again.
struct Redrive: Sendable, Hashable {
    /// Commit or rollback, as decided.
    var direction: PhaseTwoDriver.Direction
    /// The retrying status the drive runs in.
    var driving: GlobalStatus
}

/// How a branch is deleted.
enum BranchDeletion: Sendable, Hashable {
    /// It failed in phase one: nothing to undo at its RM.
    case removeOnly
    /// BranchRollback first; removed (with its row locks) once the RM rolled it back.
    case rollbackFirst
}
