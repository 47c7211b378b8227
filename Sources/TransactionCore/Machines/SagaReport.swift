import SeataProtocol

/// What a GlobalReport does (DefaultCore.globalReport, SagaCore.doGlobalReport): only a saga
/// engine reports, and only for SAGA sessions.
enum SagaReport: Sendable, Hashable {
    /// Nothing changes: answer this status.
    case answer(GlobalStatus)
    /// The session ended (removed from the store) with this status.
    case end(GlobalStatus)
    /// The session moves to this status.
    case change(GlobalStatus, LockEffect)

    static func decide(_ session: GlobalSession, reported: GlobalStatus) -> Self {
        guard session.isSaga else { return .answer(session.status) }
        let target: GlobalStatus
        switch reported {
        case .committed:
            return .end(.committed)
        case .rollbacked, .finished:
            return .end(session.status.rollbackEndStatus)
        case .rollbackRetrying, .unknown:
            target = .rollbackRetrying
        case .timeoutRollbackRetrying:
            // Seata turns this into RollbackRetrying (queueToRetryRollback only keeps the timeout
            // flavour from TimeoutRollbacking); the timeout is kept here.
            target = .timeoutRollbackRetrying
        default:
            target = reported
        }
        if target == session.status { return .answer(target) }
        let locks: LockEffect = target == .rollbacking || target == .timeoutRollbacking ? .markRollbacking : .keep
        return .change(target, locks)
    }
}
