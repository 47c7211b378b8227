import SeataProtocol

/// An open global transaction: its xid and the client that began it, with the TCC helper that
/// registers a branch and runs its try.
///
/// Made by ``SeataClient/withGlobalTransaction(name:timeout:_:)``, or from an xid that came from
/// another service (in a request header, as Seata's `TX_XID`) with ``init(xid:client:)``.
public struct GlobalTransaction: Sendable {
    /// The global transaction's id.
    public let xid: String
    /// The client its branches register through.
    public let client: SeataClient

    /// A transaction begun elsewhere, to register branches in.
    public init(xid: String, client: SeataClient) {
        self.xid = xid
        self.client = client
    }

    /// Runs a TCC try: registers a TCC branch of `resourceId` (the coordinator will call that
    /// resource's confirm or cancel), then runs `body` with the branch.
    ///
    /// As in Seata, the branch is registered before the try runs, so when `body` throws (and the
    /// transaction rolls back) the resource's cancel is called for a try that may have done
    /// nothing: cancel must allow that.
    ///
    /// - Parameters:
    ///   - resourceId: a resource registered with the client (``ResourceHandler/tcc(resourceId:confirm:cancel:)``).
    ///   - applicationData: data handed back to confirm and cancel ("" for none).
    ///   - body: the try.
    /// - Returns: what `body` returns.
    /// - Throws: the registration's ``SeataClientError``, or what `body` throws.
    public func tcc<Result>(
        resourceId: String,
        applicationData: String = "",
        try body: (TCCBranch) async throws -> Result
    ) async throws -> Result {
        let branchId = try await client.registerBranch(
            xid: xid,
            branchType: .tcc,
            resourceId: resourceId,
            applicationData: applicationData
        )
        return try await body(TCCBranch(xid: xid, branchId: branchId, resourceId: resourceId))
    }
}

/// A registered TCC branch, as its try sees it.
public struct TCCBranch: Sendable, Hashable {
    /// The global transaction.
    public let xid: String
    /// The branch's id (the one confirm and cancel receive).
    public let branchId: Int64
    /// The branch's resource.
    public let resourceId: String
}

extension SeataClient {
    /// Runs `body` in a new global transaction: begins it, runs `body`, commits when `body`
    /// returns and rolls back when it throws.
    ///
    /// When `body` throws, the rollback is sent and `body`'s error is rethrown (a failed rollback is
    /// logged; the coordinator also rolls the transaction back when it times out). When the commit
    /// fails, its error is thrown and nothing is rolled back: the outcome is the coordinator's.
    ///
    /// - Parameters:
    ///   - name: the transaction's name.
    ///   - timeout: how long it may stay open (Seata's default: 60 s).
    ///   - body: the transaction's work.
    /// - Returns: what `body` returns, once the transaction is committed.
    /// - Throws: `body`'s error; ``SeataClientError`` from begin or commit;
    ///   ``SeataClientError/Code/notCommitted`` with the status when the coordinator answered the
    ///   commit with anything but a commit decision (for example ``GlobalStatus/timeoutRollbacked``).
    public func withGlobalTransaction<Result>(
        name: String = "",
        timeout: Duration = .seconds(60),
        _ body: (GlobalTransaction) async throws -> Result
    ) async throws -> Result {
        let transaction = GlobalTransaction(xid: try await begin(name: name, timeout: timeout), client: self)
        let result: Result
        do {
            result = try await body(transaction)
        } catch {
            do {
                let status = try await rollback(xid: transaction.xid)
                logger.debug("rolled back after an error: \(status)", metadata: ["xid": "\(transaction.xid)"])
            } catch let rollbackError {
                logger.warning(
                    "rollback after an error failed (the coordinator rolls back at the timeout): \(rollbackError)",
                    metadata: ["xid": "\(transaction.xid)"]
                )
            }
            throw error
        }
        let status = try await commit(xid: transaction.xid)
        guard status.isCommitDecision else {
            throw SeataClientError(
                .notCommitted,
                message: "the coordinator did not commit \(transaction.xid)",
                request: .globalCommit,
                globalStatus: status
            )
        }
        return result
    }
}

extension GlobalStatus {
    /// Committed, or decided to commit with the coordinator still driving branches.
    var isCommitDecision: Bool {
        switch self {
        case .committed, .committing, .commitRetrying, .asyncCommitting: true
        default: false
        }
    }
}
