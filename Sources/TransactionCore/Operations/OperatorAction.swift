public import SeataProtocol

/// Who asked for an operator action.
///
/// The console user, and where the request came from. Every action is logged with it.
public struct Operator: Sendable, Hashable, CustomStringConvertible {
    /// The user name the console token was issued to.
    public var name: String
    /// The client's address (`ip:port`), when known.
    public var address: String?

    /// Makes an operator.
    public init(name: String, address: String? = nil) {
        self.name = name
        self.address = address
    }

    /// `seata from 127.0.0.1:53312`.
    public var description: String { address.map { "\(name) from \($0)" } ?? name }
}

/// What an operator can do to a session, a branch or a row lock (Seata 2.x's console actions).
public enum OperatorAction: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Stop the retry jobs driving a session (StopCommitOrCommitRetry, StopRollbackOrRollbackRetry).
    case stopRetry
    /// Let the retry jobs drive a stopped session again.
    case startRetry
    /// Drive the decided commit or rollback once more, now (retrying, stopped and failed-final
    /// sessions).
    case redrive
    /// Roll back the remaining branches, then remove the session (the protocol has no BranchDelete).
    case delete
    /// Remove the session, its branches and row locks without calling any RM.
    case forceDelete
    /// Roll back one branch, then remove it and its row locks.
    case deleteBranch
    /// Remove one branch and its row locks without calling its RM.
    case forceDeleteBranch
    /// Release one row lock.
    case releaseLock

    /// The action's name in logs (`stopRetry`).
    public var description: String { rawValue }
}

/// What an operator action did.
public struct OperatorOutcome: Sendable, Hashable {
    /// The action.
    public var action: OperatorAction
    /// The session acted on.
    public var xid: String
    /// Its status before.
    public var before: GlobalStatus?
    /// Its status after; nil when the session is gone (ended or deleted).
    public var after: GlobalStatus?
    /// What happened, for a person.
    public var message: String
    /// What the RMs answered, when branches were called.
    public var branches: [BranchCallOutcome]

    /// Makes an outcome.
    public init(
        action: OperatorAction,
        xid: String,
        before: GlobalStatus?,
        after: GlobalStatus?,
        message: String,
        branches: [BranchCallOutcome] = []
    ) {
        self.action = action
        self.xid = xid
        self.before = before
        self.after = after
        self.message = message
        self.branches = branches
    }
}

/// One phase-two call an operator action made, and its answer.
public struct BranchCallOutcome: Sendable, Hashable {
    /// The branch.
    public var branchId: Int64
    /// Its resource.
    public var resourceId: String
    /// The RM connection it was sent to.
    public var clientId: String
    /// BranchCommit or BranchRollback.
    public var call: PhaseTwoCall
    /// The RM's answer; nil when it could not be reached or did not answer in time.
    public var answer: BranchStatus?

    /// Makes one.
    public init(branchId: Int64, resourceId: String, clientId: String, call: PhaseTwoCall, answer: BranchStatus?) {
        self.branchId = branchId
        self.resourceId = resourceId
        self.clientId = clientId
        self.call = call
        self.answer = answer
    }

    /// `branch 42 (stock at shop:10.0.0.5:4711): BranchCommit unreachable`.
    public var line: String {
        let name = call == .commit ? "BranchCommit" : "BranchRollback"
        let client = clientId.isEmpty ? "" : " at \(clientId)"
        return "branch \(branchId) (\(resourceId)\(client)): \(name) \(answer?.description ?? "unreachable")"
    }
}

/// An operator action or console query that was not done (or not completely), with the reason.
public struct OperatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why.
    public enum Kind: Sendable, Hashable {
        /// No such session, branch or row lock (it may have ended).
        case notFound
        /// The session's state does not allow the action; nothing was changed.
        case refused
        /// The action ran, but an RM did not confirm; the session is kept (in `status`).
        case notCompleted
        /// The session changed while the action ran (another request, job or coordinator).
        case changedMeanwhile
        /// The store failed.
        case storeFailed
        /// The store does not serve console queries.
        case unsupported
    }

    /// Why.
    public var kind: Kind
    /// What happened and what to do, for a person.
    public var message: String
    /// The session's status now, when there is a session.
    public var status: GlobalStatus?
    /// What the RMs answered, when branches were called.
    public var branches: [BranchCallOutcome]

    /// Makes an error.
    public init(_ kind: Kind, _ message: String, status: GlobalStatus? = nil, branches: [BranchCallOutcome] = []) {
        self.kind = kind
        self.message = message
        self.status = status
        self.branches = branches
    }

    /// The message.
    public var description: String { message }
}
