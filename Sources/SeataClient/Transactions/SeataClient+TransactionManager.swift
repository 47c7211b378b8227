public import SeataProtocol

extension SeataClient {
    /// Opens a global transaction (GlobalBegin) on one of the connected coordinators.
    ///
    /// - Parameters:
    ///   - name: the transaction's name, for operators ("" for none).
    ///   - timeout: how long the transaction may stay open before the coordinator rolls it back
    ///     (Seata's default: 60 s); at most `Int32.max` milliseconds.
    /// - Returns: the xid, `<coordinator ip>:<port>:<transaction id>`.
    /// - Throws: ``SeataClientError``: ``SeataClientError/Code/requestFailed`` with
    ///   ``TransactionExceptionCode/beginFailed`` when the coordinator refuses, and the transport's
    ///   errors (not connected, timed out, connection closed).
    public func begin(name: String = "", timeout: Duration = .seconds(60)) async throws -> String {
        let milliseconds = timeout.milliseconds
        guard milliseconds > 0, milliseconds <= Int64(Int32.max) else {
            throw SeataClientError(
                .invalidArgument,
                message: "a transaction timeout of \(timeout) cannot be sent: give 1 ms to \(Int32.max) ms",
                request: .globalBegin
            )
        }
        let request = GlobalBeginRequest(timeout: Int32(milliseconds), transactionName: name)
        let xid = try await call(.globalBegin(request), role: .transactionManager, xid: nil) { answer in
            if case .globalBeginResponse(let response) = answer { response.xid } else { nil }
        }
        guard !xid.isEmpty else {
            throw SeataClientError(
                .malformedResponse,
                message: "the coordinator answered GlobalBegin with success but no xid",
                request: .globalBegin
            )
        }
        return xid
    }

    /// Asks the coordinator to commit a global transaction (GlobalCommit).
    ///
    /// The coordinator answers once it has decided: ``GlobalStatus/committed`` when every branch
    /// committed (and for AT branches, committed in the background), ``GlobalStatus/committing``
    /// or ``GlobalStatus/commitRetrying`` when it goes on retrying branches, a rollback status when
    /// the transaction timed out first, ``GlobalStatus/finished`` for an xid it no longer knows.
    ///
    /// - Parameter xid: the transaction.
    /// - Returns: the status after the decision.
    /// - Throws: ``SeataClientError``: ``SeataClientError/Code/requestFailed`` with Seata's reason
    ///   (``TransactionExceptionCode/globalTransactionStatusInvalid``, …), or the transport's errors.
    public func commit(xid: String) async throws -> GlobalStatus {
        try await globalEnd(.globalCommit(GlobalEndRequest(xid: xid)), xid: xid)
    }

    /// Asks the coordinator to roll a global transaction back (GlobalRollback); branches roll back in
    /// reverse order of registration.
    ///
    /// - Parameter xid: the transaction.
    /// - Returns: the status after the decision (``GlobalStatus/rollbacked``, …; ``GlobalStatus/finished``
    ///   for an xid the coordinator no longer knows).
    /// - Throws: ``SeataClientError``, as ``commit(xid:)``.
    public func rollback(xid: String) async throws -> GlobalStatus {
        try await globalEnd(.globalRollback(GlobalEndRequest(xid: xid)), xid: xid)
    }

    /// Asks for a global transaction's status (GlobalStatus).
    ///
    /// - Parameter xid: the transaction.
    /// - Returns: its status; ``GlobalStatus/finished`` when the coordinator no longer knows it.
    /// - Throws: ``SeataClientError``, as ``commit(xid:)``.
    public func status(xid: String) async throws -> GlobalStatus {
        try await globalEnd(.globalStatus(GlobalEndRequest(xid: xid)), xid: xid)
    }

    /// Reports a global transaction's status (GlobalReport), as a SAGA TM does; the coordinator acts
    /// on it only for SAGA transactions.
    ///
    /// - Parameters:
    ///   - xid: the transaction.
    ///   - status: the status to report.
    /// - Returns: the status the coordinator answers.
    /// - Throws: ``SeataClientError``, as ``commit(xid:)``.
    public func report(xid: String, status: GlobalStatus) async throws -> GlobalStatus {
        try await globalEnd(.globalReport(GlobalReportRequest(xid: xid, globalStatus: status)), xid: xid)
    }

    private func globalEnd(_ message: SeataMessage, xid: String) async throws -> GlobalStatus {
        try await call(message, role: .transactionManager, xid: xid) { answer in
            switch answer {
            case .globalCommitResponse(let response), .globalRollbackResponse(let response),
                .globalStatusResponse(let response), .globalReportResponse(let response):
                response.globalStatus
            default:
                nil
            }
        }
    }
}
