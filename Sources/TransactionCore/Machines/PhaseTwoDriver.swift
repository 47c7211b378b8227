import SeataProtocol

/// The next thing phase two needs done; the coordinator carries it out and asks again.
enum PhaseTwoStep: Sendable, Hashable {
    /// Ask the branch's RM to commit (or roll back) it, then `record` the answer.
    case call(BranchSession, PhaseTwoCall)
    /// Remove a finished branch (and its row locks when `releaseLocks`).
    case removeBranch(BranchSession, releaseLocks: Bool)
    /// Move the session from one status to another (compare-and-set).
    case changeStatus(from: GlobalStatus, to: GlobalStatus, locks: LockEffect)
    /// Delete the ended session, with its branches and locks; `final` is how it ended.
    case endSession(from: GlobalStatus, final: GlobalStatus)
    /// Done for now: the session is in this status (or ended with it).
    case stop(GlobalStatus)
}

/// What an RM said to a phase-two call.
enum BranchAnswer: Sendable, Hashable {
    /// The RM's branch status.
    case status(BranchStatus)
    /// No answer: not connected, or timed out. Retryable.
    case unreachable
}

/// Phase two of one global session as a value (DefaultCore.doGlobalCommit / doGlobalRollback).
///
/// It returns the next step, the coordinator performs it, and the answers of RMs go back in
/// through `record`. Nothing here does I/O, so every transition is a plain unit test.
///
/// Commit visits branches in registration order and, on the first pass (`retrying` false),
/// leaves AT branches to the async-committing job; rollback visits them in reverse order.
/// A first pass that cannot finish queues the session for the retry jobs (CommitRetrying,
/// RollbackRetrying, TimeoutRollbackRetrying); a retry pass leaves the status as it is.
struct PhaseTwoDriver: Sendable {
    enum Direction: Sendable, Hashable {
        case commit, rollback
    }

    let direction: Direction
    let retrying: Bool
    /// The session's status as far as this drive knows (changed by the steps it hands out).
    private(set) var status: GlobalStatus
    /// The session's remaining branches, registration order.
    private(set) var branches: [BranchSession]
    private let session: GlobalSession
    private let now: Int64
    private let xaerNotaRetryTimeout: Int64
    private var toVisit: [BranchSession]
    private var awaiting: BranchSession?
    private var planned: [PhaseTwoStep] = []
    private var outcome: GlobalStatus?

    /// A drive of `session` as it is now; `retrying` for the recovery jobs' passes.
    init(
        _ direction: Direction,
        session: GlobalSession,
        retrying: Bool,
        now: Int64,
        xaerNotaRetryTimeout: Duration = .seconds(60)
    ) {
        self.direction = direction
        self.retrying = retrying
        self.session = session
        self.status = session.status
        self.branches = session.branches
        self.now = now
        self.xaerNotaRetryTimeout = xaerNotaRetryTimeout.milliseconds
        if session.isSaga {
            // The saga engine decides for all branches at once: one call for the whole session.
            toVisit = [Self.sagaBranch(of: session)]
        } else {
            toVisit = direction == .commit ? session.branches : session.branches.reversed()
        }
    }

    /// The branch a SAGA session's phase two is sent to (SagaCore): id -1, resource
    /// `applicationId#transactionServiceGroup`, the global status's name as application data.
    static func sagaBranch(of session: GlobalSession) -> BranchSession {
        BranchSession(
            branchId: -1,
            xid: session.xid,
            transactionId: session.transactionId,
            resourceId: "\(session.applicationId)#\(session.transactionServiceGroup)",
            branchType: .saga,
            status: .unknown,
            clientId: "",
            applicationData: session.status.description
        )
    }

    /// The next step.
    mutating func next() -> PhaseTwoStep {
        precondition(awaiting == nil, "record the answer of the branch called before asking for the next step")
        if !planned.isEmpty { return take(planned.removeFirst()) }
        if let outcome { return .stop(outcome) }
        while !toVisit.isEmpty {
            let branch = toVisit.removeFirst()
            if session.isSaga {
                awaiting = branch
                return .call(branch, direction == .commit ? .commit : .rollback)
            }
            switch direction {
            case .commit:
                if !retrying && branch.canBeCommittedAsync { continue }
                if branch.status == .phaseOneFailed || (branch.branchType == .xa && branch.status == .phaseOneRDONLY) {
                    return take(.removeBranch(branch, releaseLocks: false))
                }
                awaiting = branch
                return .call(branch, .commit)
            case .rollback:
                if branch.status == .phaseOneFailed { return take(.removeBranch(branch, releaseLocks: true)) }
                awaiting = branch
                return .call(branch, .rollback)
            }
        }
        finish()
        return next()
    }

    /// Feeds the RM's answer to the branch the last `.call` named.
    mutating func record(_ answer: BranchAnswer) {
        guard let branch = awaiting else { preconditionFailure("no branch call is waiting for an answer") }
        awaiting = nil
        if session.isSaga {
            recordSaga(answer)
            return
        }
        switch direction {
        case .commit: recordCommit(answer, for: branch)
        case .rollback: recordRollback(answer, for: branch)
        }
    }

    /// Another coordinator (or an operator) changed the session under this drive: stop, with the
    /// status it is in now.
    mutating func lostRace(currentStatus: GlobalStatus) {
        planned = []
        toVisit = []
        status = currentStatus
        outcome = currentStatus
    }

    // MARK: - Commit

    private mutating func recordCommit(_ answer: BranchAnswer, for branch: BranchSession) {
        var answered: BranchStatus?
        if case .status(let status) = answer { answered = status }
        if answered == .phaseTwoCommitFailedXAERNotaRetryable && xaerNotaTimedOut { answered = .phaseTwoCommitted }
        switch answered {
        case .phaseTwoCommitted:
            planned.append(.removeBranch(branch, releaseLocks: false))
        case .phaseTwoCommitFailedUnretryable:
            planned.append(.changeStatus(from: status, to: .commitFailed, locks: .keep))
            outcome = .commitFailed
        case nil:
            // Seata: a first pass queues the retry; a retry pass goes on with the next branch.
            if !retrying { queueCommitRetry() }
        default:
            if !retrying {
                queueCommitRetry()
            } else if !branches.allSatisfy(\.canBeCommittedAsync) {
                outcome = status
            }
        }
    }

    private mutating func queueCommitRetry() {
        planned.append(.changeStatus(from: status, to: .commitRetrying, locks: .keep))
        outcome = .commitRetrying
    }

    // MARK: - Rollback

    private mutating func recordRollback(_ answer: BranchAnswer, for branch: BranchSession) {
        var answered: BranchStatus?
        if case .status(let status) = answer { answered = status }
        if answered == .phaseTwoRollbackFailedXAERNotaRetryable && xaerNotaTimedOut { answered = .phaseTwoRollbacked }
        switch answered {
        case .phaseTwoRollbacked:
            planned.append(.removeBranch(branch, releaseLocks: true))
        case .phaseTwoRollbackFailedUnretryable:
            let final = status.rollbackFailedStatus
            planned.append(.changeStatus(from: status, to: final, locks: .keep))
            outcome = final
        default:
            if !retrying {
                let retry = status.rollbackRetryStatus
                planned.append(.changeStatus(from: status, to: retry, locks: .keep))
                outcome = retry
            } else {
                outcome = status
            }
        }
    }

    // MARK: - SAGA (SagaCore.doGlobalCommit / doGlobalRollback)

    private mutating func recordSaga(_ answer: BranchAnswer) {
        var answered: BranchStatus?
        if case .status(let status) = answer { answered = status }
        switch (direction, answered) {
        case (.commit, .phaseTwoCommitted):
            end(.committed)
        case (.commit, .phaseTwoRollbacked), (.rollback, .phaseTwoRollbacked):
            end(status.rollbackEndStatus)
        case (.commit, .phaseTwoRollbackFailedRetryable):
            change(to: status.rollbackRetryStatus)
        case (.commit, .phaseOneFailed):
            end(.finished)
        case (.commit, .phaseTwoCommitFailedUnretryable):
            change(to: .commitFailed)
        case (.rollback, .phaseTwoRollbackFailedUnretryable):
            change(to: status.rollbackFailedStatus)
        case (.rollback, .phaseTwoCommitFailedRetryable):
            // The saga engine's forward recovery: retry the commit instead.
            change(to: .commitRetrying)
        case (.commit, _):
            // Seata queues a *rollback* retry when the saga engine cannot be reached on commit;
            // a commit retry is what was decided, so that is what is queued here.
            if retrying { outcome = status } else { change(to: .commitRetrying) }
        case (.rollback, _):
            if retrying { outcome = status } else { change(to: status.rollbackRetryStatus) }
        }
    }

    private mutating func change(to target: GlobalStatus) {
        if target == status {
            outcome = status
            return
        }
        planned.append(.changeStatus(from: status, to: target, locks: .keep))
        outcome = target
    }

    private mutating func end(_ final: GlobalStatus) {
        planned.append(.endSession(from: status, final: final))
        outcome = final
    }

    // MARK: - The end of a pass

    private mutating func finish() {
        switch direction {
        case .commit:
            if branches.isEmpty {
                end(.committed)
            } else if branches.allSatisfy(\.canBeCommittedAsync) && status == .committing {
                // Mixed AT and other branches: the others are committed, the AT ones go to the job.
                planned.append(.changeStatus(from: status, to: .asyncCommitting, locks: .keep))
                outcome = .committed
            } else {
                outcome = status
            }
        case .rollback:
            end(status.rollbackEndStatus)
        }
    }

    /// Hands out a step, keeping this value's view of the session in line with it.
    private mutating func take(_ step: PhaseTwoStep) -> PhaseTwoStep {
        switch step {
        case .removeBranch(let branch, _):
            branches.removeAll { $0.branchId == branch.branchId }
        case .changeStatus(_, let target, _):
            status = target
        case .endSession(_, let final):
            status = final
            branches = []
        case .call, .stop:
            break
        }
        return step
    }

    private var xaerNotaTimedOut: Bool {
        let timeout = Int64(session.timeout)
        return now > session.beginTime + timeout + max(xaerNotaRetryTimeout, timeout)
    }
}
