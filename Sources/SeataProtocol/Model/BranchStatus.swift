/// The status of a branch transaction, with Seata's wire values (`BranchStatus` in
/// `org.apache.seata.core.model`).
///
/// The raw value is the byte on the wire and the `status` column of `branch_table`.
public enum BranchStatus: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not known.
    case unknown = 0
    /// Registered with the coordinator.
    case registered = 1
    /// Phase one done at the resource manager.
    case phaseOneDone = 2
    /// Phase one failed at the resource manager.
    case phaseOneFailed = 3
    /// Phase one timed out at the resource manager.
    case phaseOneTimeout = 4
    /// Phase two commit done.
    case phaseTwoCommitted = 5
    /// Phase two commit failed; may be retried.
    case phaseTwoCommitFailedRetryable = 6
    /// Phase two commit failed for good.
    case phaseTwoCommitFailedUnretryable = 7
    /// Phase two rollback done.
    case phaseTwoRollbacked = 8
    /// Phase two rollback failed; may be retried.
    case phaseTwoRollbackFailedRetryable = 9
    /// Phase two rollback failed for good.
    case phaseTwoRollbackFailedUnretryable = 10
    /// XA: the branch is unknown to the database (XAER_NOTA) on commit; retryable.
    case phaseTwoCommitFailedXAERNotaRetryable = 11
    /// XA: the branch is unknown to the database (XAER_NOTA) on rollback; retryable.
    case phaseTwoRollbackFailedXAERNotaRetryable = 12
    /// XA: phase one was read-only; nothing to do in phase two.
    case phaseOneRDONLY = 13

    /// Seata's name for the status (`PhaseTwo_Committed`, …).
    public var description: String {
        switch self {
        case .unknown: "Unknown"
        case .registered: "Registered"
        case .phaseOneDone: "PhaseOne_Done"
        case .phaseOneFailed: "PhaseOne_Failed"
        case .phaseOneTimeout: "PhaseOne_Timeout"
        case .phaseTwoCommitted: "PhaseTwo_Committed"
        case .phaseTwoCommitFailedRetryable: "PhaseTwo_CommitFailed_Retryable"
        case .phaseTwoCommitFailedUnretryable: "PhaseTwo_CommitFailed_Unretryable"
        case .phaseTwoRollbacked: "PhaseTwo_Rollbacked"
        case .phaseTwoRollbackFailedRetryable: "PhaseTwo_RollbackFailed_Retryable"
        case .phaseTwoRollbackFailedUnretryable: "PhaseTwo_RollbackFailed_Unretryable"
        case .phaseTwoCommitFailedXAERNotaRetryable: "PhaseTwo_CommitFailed_XAER_NOTA_Retryable"
        case .phaseTwoRollbackFailedXAERNotaRetryable: "PhaseTwo_RollbackFailed_XAER_NOTA_Retryable"
        case .phaseOneRDONLY: "PhaseOne_RDONLY"
        }
    }
}
