public import SeataProtocol

extension TransactionCoordinator {
    /// BranchRegister: adds a branch to an open global transaction and, for AT, takes its row
    /// locks (all or none); returns the branch id.
    ///
    /// - Parameters:
    ///   - xid: The global transaction.
    ///   - branchType: AT, TCC, SAGA or XA.
    ///   - resourceId: The resource the branch works on.
    ///   - clientId: `"applicationId:ip:port"` of the RM connection (where phase two goes).
    ///   - lockKey: AT rows, `table:pk1,pk2;table2:pk` (ignored for other types).
    ///   - applicationData: The RM's data (`{"autoCommit":false}`, …).
    /// - Returns: The new branch's id.
    /// - Throws: `GlobalTransactionNotExist` (unknown xid), `GlobalTransactionNotActive` (the
    ///   session is closed), `GlobalTransactionStatusInvalid`, `LockKeyConflict` /
    ///   `LockKeyConflictFailFast` (a row is held by another transaction; nothing was taken),
    ///   `FailedToAddBranch` (application data over `server.applicationDataLimit` with the
    ///   check on, or the store failed).
    public func registerBranch(
        xid: String,
        branchType: BranchType,
        resourceId: String,
        clientId: String,
        lockKey: String,
        applicationData: String
    ) async throws(TransactionError) -> Int64 {
        let settings = settings()
        if let problem = oversize(applicationData, settings: settings, xid: xid) {
            throw TransactionError(.failedToAddBranch, "Failed to store branch xid = \(xid): \(problem)")
        }
        guard let transactionId = Xid.transactionId(of: xid) else {
            throw TransactionError(
                .globalTransactionNotExist,
                "Could not find global transaction xid = \(xid): not an xid of this coordinator"
            )
        }
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        let branch = BranchSession(
            branchId: ids.next(),
            xid: xid,
            transactionId: transactionId,
            resourceId: resourceId,
            lockKey: branchType == .at ? lockKey : "",
            branchType: branchType,
            clientId: clientId,
            applicationData: applicationData
        )
        let locks =
            branchType == .at
            ? LockRequest(
                rows: LockKey.rows(
                    of: lockKey,
                    resourceId: resourceId,
                    xid: xid,
                    transactionId: transactionId,
                    branchId: branch.branchId
                ),
                options: LockOptions(applicationData: applicationData)
            )
            : .none
        let insertion: BranchInsertion
        do {
            insertion = try await store.insertBranch(
                branch,
                locks: locks,
                requireOpen: branchType != .saga,
                durability: .answer
            )
        } catch {
            throw TransactionError(
                .failedToAddBranch,
                "Failed to store branch xid = \(xid) branchId = \(branch.branchId): \(error)"
            )
        }
        switch insertion {
        case .inserted:
            return branch.branchId
        case .lockConflict(let conflict):
            observer.lockConflicted(branch, conflict: conflict)
            throw TransactionError(
                conflict.failFast ? .lockKeyConflictFailFast : .lockKeyConflict,
                "Global lock acquire failed xid = \(xid) branchId = \(branch.branchId): row \(conflict.rowKey) is "
                    + "held by xid \(conflict.holderXid) branchId \(conflict.holderBranchId)"
                    + (conflict.failFast ? ", which is rolling back" : "")
            )
        case .globalNotFound:
            throw RegistrationRule.check(nil, xid: xid, branchType: branchType)!
        case .globalNotOpen(let status, let isActive):
            let closed = GlobalSession(
                xid: xid,
                transactionId: transactionId,
                status: status,
                applicationId: "",
                transactionServiceGroup: "",
                transactionName: "",
                timeout: 0,
                beginTime: 0,
                isActive: isActive
            )
            throw RegistrationRule.check(closed, xid: xid, branchType: branchType)
                ?? TransactionError(.failedToAddBranch, "Failed to store branch xid = \(xid): the session is closed")
        }
    }

    /// BranchReport: an RM reports its branch's status (phase one done or failed, …).
    ///
    /// - Throws: `GlobalTransactionNotExist`, `BranchTransactionNotExist`, `BranchReportFailed`
    ///   (application data over the limit with the check on: the limit applies here as on
    ///   register, which Seata does not do), `FailedWriteSession`.
    public func reportBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String
    ) async throws(TransactionError) {
        if let problem = oversize(applicationData, settings: settings(), xid: xid) {
            throw TransactionError(
                .branchReportFailed,
                "Failed to report branch xid = \(xid) branchId = \(branchId): \(problem)"
            )
        }
        let updated: Bool
        do {
            updated = try await store.updateBranch(
                xid: xid,
                branchId: branchId,
                status: status,
                applicationData: applicationData,
                durability: .answer
            )
        } catch {
            throw TransactionError(
                .failedWriteSession,
                "Could not record the status of branch xid = \(xid) branchId = \(branchId): \(error)"
            )
        }
        if updated { return }
        if try await read(xid) == nil {
            throw TransactionError(
                .globalTransactionNotExist,
                "Could not find global transaction xid = \(xid), it may have finished"
            )
        }
        throw TransactionError(
            .branchTransactionNotExist,
            "Could not find branch session xid = \(xid) branchId = \(branchId)"
        )
    }

    /// GlobalLockQuery: whether the rows of `lockKey` are free for `xid`.
    ///
    /// Free means every held row belongs to `xid`. Only AT takes row locks; other branch types are always lockable.
    ///
    /// - Throws: `FailedStore` when the store cannot answer.
    public func isLockable(
        xid: String,
        branchType: BranchType,
        resourceId: String,
        lockKey: String
    ) async throws(TransactionError) -> Bool {
        guard branchType == .at else { return true }
        let rows = LockKey.rows(of: lockKey, resourceId: resourceId, xid: xid, transactionId: 0, branchId: 0)
        if rows.isEmpty { return true }
        do {
            return try await store.lockedRows(rows.map(\.rowKey)).allSatisfy { $0.xid == xid }
        } catch {
            throw TransactionError(.failedStore, "Could not check the row locks of xid = \(xid): \(error)")
        }
    }

    /// Seata's `StringUtils.checkDataSize`: a warning above the limit, an error with the check on.
    private func oversize(_ applicationData: String, settings: CoreSettings, xid: String) -> String? {
        let size = applicationData.utf8.count
        guard size > settings.applicationDataLimit else { return nil }
        logger.warning(
            "applicationData is larger than server.applicationDataLimit",
            metadata: ["xid": "\(xid)", "size": "\(size)", "limit": "\(settings.applicationDataLimit)"]
        )
        guard settings.applicationDataLimitCheck else { return nil }
        return
            "applicationData is too large, size=\(size) (server.applicationDataLimit=\(settings.applicationDataLimit))"
    }
}
