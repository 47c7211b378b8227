public import SeataProtocol

/// The coordinator's way to reach resource managers in phase two; the transport implements it
/// over each RM's own connection (BranchCommit 3/4, BranchRollback 5/6, UndoLogDelete 111).
///
/// The transport applies `transport.rpcTcRequestTimeout` and picks the connection from
/// `branch.clientId` (falling back to another connection of the same resource, as Seata does).
/// A SAGA transaction's phase two goes to its saga engine: a branch with id -1, resource
/// `"<applicationId>#<transactionServiceGroup>"`, empty client id and the global status's name as
/// application data.
public protocol BranchMessenger: Sendable {
    /// Asks the branch's RM to commit it; the RM's answer.
    ///
    /// - Throws: When the RM cannot be reached or does not answer in time; counted as retryable.
    func commit(_ branch: BranchSession) async throws -> BranchStatus

    /// Asks the branch's RM to roll it back; the RM's answer.
    ///
    /// - Throws: When the RM cannot be reached or does not answer in time; counted as retryable.
    func rollback(_ branch: BranchSession) async throws -> BranchStatus

    /// Sends one UndoLogDelete (one-way) per AT resource connected: undo logs older than
    /// `saveDays` days may go.
    func deleteUndoLogs(saveDays: Int) async
}
