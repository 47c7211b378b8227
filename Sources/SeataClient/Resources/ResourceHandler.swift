public import SeataProtocol

/// What an application does when the coordinator drives one of its branches to the end: the
/// handler of a resource (a TCC action, an AT data source) for BranchCommit and BranchRollback.
///
/// The coordinator sends phase two over the RM connection the resource was registered on. The
/// client calls ``commit`` or ``rollback`` with the branch and answers with the status returned,
/// on the same connection and with the request's id. A handler that throws answers the retryable
/// failure (``BranchStatus/phaseTwoCommitFailedRetryable`` or
/// ``BranchStatus/phaseTwoRollbackFailedRetryable``) with the error as the message, so the
/// coordinator retries later; return an `…Unretryable` status to give up for good.
///
/// Phase two may come more than once for a branch (after a lost answer) and a rollback may come
/// for a branch whose try never ran (the branch registers before it runs): make both idempotent.
public struct ResourceHandler: Sendable {
    /// The resource (for TCC, the action's name; Seata's `resourceId`).
    public let resourceId: String
    /// The kind of branches this resource registers.
    public let branchType: BranchType
    let commit: @Sendable (BranchEndRequest) async throws -> BranchStatus
    let rollback: @Sendable (BranchEndRequest) async throws -> BranchStatus

    /// A handler that returns the branch status itself.
    ///
    /// - Parameters:
    ///   - resourceId: the resource's id.
    ///   - branchType: the kind of branches it registers (TCC by default).
    ///   - commit: phase two commit; returns ``BranchStatus/phaseTwoCommitted`` when done.
    ///   - rollback: phase two rollback; returns ``BranchStatus/phaseTwoRollbacked`` when done.
    public init(
        resourceId: String,
        branchType: BranchType = .tcc,
        commit: @escaping @Sendable (BranchEndRequest) async throws -> BranchStatus,
        rollback: @escaping @Sendable (BranchEndRequest) async throws -> BranchStatus
    ) {
        self.resourceId = resourceId
        self.branchType = branchType
        self.commit = commit
        self.rollback = rollback
    }

    /// A TCC resource: `confirm` and `cancel` return when done and throw to be retried.
    ///
    /// - Parameters:
    ///   - resourceId: the action's name.
    ///   - confirm: phase two commit of one branch.
    ///   - cancel: phase two rollback of one branch (also for a branch whose try never ran).
    /// - Returns: a handler answering ``BranchStatus/phaseTwoCommitted`` and
    ///   ``BranchStatus/phaseTwoRollbacked`` when they return.
    public static func tcc(
        resourceId: String,
        confirm: @escaping @Sendable (BranchEndRequest) async throws -> Void,
        cancel: @escaping @Sendable (BranchEndRequest) async throws -> Void
    ) -> ResourceHandler {
        ResourceHandler(
            resourceId: resourceId,
            branchType: .tcc,
            commit: { branch in
                try await confirm(branch)
                return .phaseTwoCommitted
            },
            rollback: { branch in
                try await cancel(branch)
                return .phaseTwoRollbacked
            }
        )
    }
}

/// What an application does with the coordinator's one-way UndoLogDelete: trim an AT resource's
/// undo log of rows older than `saveDays`.
public typealias UndoLogDeleteHandler = @Sendable (UndoLogDeleteRequest) async -> Void
