public import SeataProtocol

extension SeataClient {
    /// Registers a branch of a global transaction (BranchRegister) with the coordinator that owns
    /// the xid, over the RM connection.
    ///
    /// - Parameters:
    ///   - xid: the global transaction.
    ///   - branchType: the branch's kind (``BranchType/tcc``, ``BranchType/at``, …).
    ///   - resourceId: the resource whose handler will get phase two; register it with the client
    ///     first (``init(configuration:discovery:resources:undoLogDelete:eventLoopGroup:logger:)`` or
    ///     ``addResource(_:)``), or the coordinator cannot call it back.
    ///   - lockKey: for AT, the rows to lock, `table:pk1,pk2;table2:pk` ("" for none).
    ///   - applicationData: the branch's data, handed back with phase two ("" for none).
    /// - Returns: the branch id.
    /// - Throws: ``SeataClientError/Code/requestFailed`` with ``TransactionExceptionCode/lockKeyConflict``
    ///   when another transaction holds a row, ``TransactionExceptionCode/globalTransactionNotActive``
    ///   when the transaction no longer accepts branches; the transport's errors.
    public func registerBranch(
        xid: String,
        branchType: BranchType,
        resourceId: String,
        lockKey: String = "",
        applicationData: String = ""
    ) async throws -> Int64 {
        let request = BranchRegisterRequest(
            xid: xid,
            branchType: branchType,
            resourceId: resourceId,
            lockKey: lockKey,
            applicationData: applicationData
        )
        return try await call(.branchRegister(request), role: .resourceManager, xid: xid) { answer in
            if case .branchRegisterResponse(let response) = answer { response.branchId } else { nil }
        }
    }

    /// Reports a branch's status (BranchReport), for example ``BranchStatus/phaseOneFailed`` after
    /// its local transaction failed.
    ///
    /// - Parameters:
    ///   - xid: the global transaction.
    ///   - branchId: the branch.
    ///   - status: its new status.
    ///   - branchType: the branch's kind.
    ///   - resourceId: the resource ("" to leave it out, as the Java RM does).
    ///   - applicationData: new application data ("" for none).
    /// - Throws: ``SeataClientError``: ``SeataClientError/Code/requestFailed`` with
    ///   ``TransactionExceptionCode/branchTransactionNotExist``, …, or the transport's errors.
    public func reportBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        branchType: BranchType,
        resourceId: String = "",
        applicationData: String = ""
    ) async throws {
        let request = BranchReportRequest(
            xid: xid,
            branchId: branchId,
            status: status,
            resourceId: resourceId,
            applicationData: applicationData,
            branchType: branchType
        )
        try await call(.branchReport(request), role: .resourceManager, xid: xid) { answer in
            if case .branchReportResponse = answer { () } else { nil }
        }
    }

    /// Asks whether rows could be locked (GlobalLockQuery): true when no other global transaction
    /// holds any of them.
    ///
    /// - Parameters:
    ///   - xid: the asking transaction ("" outside one, as a `@GlobalLock` query).
    ///   - branchType: the branch's kind (AT).
    ///   - resourceId: the resource.
    ///   - lockKey: the rows, `table:pk1,pk2;table2:pk`.
    /// - Returns: whether every row is free or held by `xid`.
    /// - Throws: ``SeataClientError``: a failed result, or the transport's errors.
    public func lockQuery(
        xid: String,
        branchType: BranchType = .at,
        resourceId: String,
        lockKey: String
    ) async throws -> Bool {
        let request = GlobalLockQueryRequest(
            xid: xid,
            branchType: branchType,
            resourceId: resourceId,
            lockKey: lockKey,
            applicationData: ""
        )
        return try await call(.globalLockQuery(request), role: .resourceManager, xid: xid) { answer in
            if case .globalLockQueryResponse(let response) = answer { response.lockable } else { nil }
        }
    }

    /// Adds (or replaces) a resource handler and registers the resource (RegisterRM) on every
    /// registered RM connection; connections made later register it too.
    ///
    /// - Throws: the first coordinator's refusal or transport error; the resource stays added and
    ///   is registered again on the next reconnect.
    public func addResource(_ handler: ResourceHandler) async throws {
        _ = resources.add(handler)
        var firstError: (any Error)?
        for channel in router.channels(for: .resourceManager) {
            let connection = CoordinatorConnection(
                address: channel.coordinator,
                role: .resourceManager,
                environment: environment
            )
            do {
                try await connection.register(on: channel, resourceIds: handler.resourceId)
            } catch {
                logger.warning("registering resource \(handler.resourceId) with \(channel.address) failed: \(error)")
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }
}
