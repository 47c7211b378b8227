import SeataProtocol

extension SeataMessage {
    /// This response as a client older than Seata 1.5.0 can decode it.
    ///
    /// Seata 1.5.0 added the statuses CommitRetryTimeout (16) and RollbackRetryTimeout (17) and the
    /// exception codes past FailedStore (18), LockKeyConflictFailFast among them. An older
    /// decoder indexes its enum with the byte and fails: seata-python 0.1 ("1.0") loses its only
    /// reader thread over it. Such clients get the nearest older value: CommitFailed,
    /// RollbackFailed, LockKeyConflict, or Unknown.
    func downgradedForSeataBefore15() -> SeataMessage {
        switch self {
        case .globalCommitResponse(let response): return .globalCommitResponse(response.downgraded)
        case .globalRollbackResponse(let response): return .globalRollbackResponse(response.downgraded)
        case .globalStatusResponse(let response): return .globalStatusResponse(response.downgraded)
        case .globalReportResponse(let response): return .globalReportResponse(response.downgraded)
        case .globalBeginResponse(var response):
            response.result = response.result.downgraded
            return .globalBeginResponse(response)
        case .branchRegisterResponse(var response):
            response.result = response.result.downgraded
            return .branchRegisterResponse(response)
        case .branchReportResponse(var response):
            response.result = response.result.downgraded
            return .branchReportResponse(response)
        case .globalLockQueryResponse(var response):
            response.result = response.result.downgraded
            return .globalLockQueryResponse(response)
        case .mergeResult(let merge):
            return .mergeResult(MergeResultMessage(results: merge.results.map { $0.downgradedForSeataBefore15() }))
        default:
            return self
        }
    }
}

extension GlobalEndResponse {
    fileprivate var downgraded: GlobalEndResponse {
        var copy = self
        copy.result = result.downgraded
        switch globalStatus {
        case .commitRetryTimeout: copy.globalStatus = .commitFailed
        case .rollbackRetryTimeout: copy.globalStatus = .rollbackFailed
        default: break
        }
        return copy
    }
}

extension TransactionResult {
    fileprivate var downgraded: TransactionResult {
        guard exceptionCode.rawValue > TransactionExceptionCode.failedStore.rawValue else { return self }
        var copy = self
        copy.exceptionCode = exceptionCode == .lockKeyConflictFailFast ? .lockKeyConflict : .unknown
        return copy
    }
}

extension GlobalStatus {
    /// The status as a TM or saga engine is told it.
    ///
    /// The operators' statuses of Seata 2.x's console
    /// (Deleting, StopCommitOrCommitRetry, StopRollbackOrRollbackRetry: 18–20) are decoded only by
    /// the newest Java clients, and an older decoder fails on them as on 16 and 17 before 1.5.0.
    /// Every client gets what they mean for it instead: a stopped commit is still to be retried
    /// (CommitRetrying), a stopped rollback too (RollbackRetrying), and a session being deleted is
    /// being rolled back (Rollbacking).
    var answeredToClients: GlobalStatus {
        switch self {
        case .stopCommitOrCommitRetry: .commitRetrying
        case .stopRollbackOrRollbackRetry: .rollbackRetrying
        case .deleting: .rollbacking
        default: self
        }
    }
}
