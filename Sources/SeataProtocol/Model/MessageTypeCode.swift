/// The type code that opens every message body of the `seata` codec (`MessageType` in
/// `org.apache.seata.core.protocol`): a big-endian u16 before the message's fields.
///
/// Not to be confused with the frame's `messageType` byte (``SeataFrame/MessageType``), which says
/// whether a frame is a request, a response, one-way or a heartbeat.
public enum MessageTypeCode: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// TM→TC: open a global transaction.
    case globalBegin = 1
    /// TC→TM: the new global transaction's xid.
    case globalBeginResult = 2
    /// TC→RM: commit a branch (phase two).
    case branchCommit = 3
    /// RM→TC: the branch's status after commit.
    case branchCommitResult = 4
    /// TC→RM: roll a branch back (phase two).
    case branchRollback = 5
    /// RM→TC: the branch's status after rollback.
    case branchRollbackResult = 6
    /// TM→TC: commit a global transaction.
    case globalCommit = 7
    /// TC→TM: the global status after the commit decision.
    case globalCommitResult = 8
    /// TM→TC: roll a global transaction back.
    case globalRollback = 9
    /// TC→TM: the global status after the rollback decision.
    case globalRollbackResult = 10
    /// RM→TC: register a branch in a global transaction.
    case branchRegister = 11
    /// TC→RM: the new branch's id.
    case branchRegisterResult = 12
    /// RM→TC: report a branch's phase-one status.
    case branchStatusReport = 13
    /// TC→RM: the answer to a branch report.
    case branchStatusReportResult = 14
    /// TM→TC: ask for a global transaction's status.
    case globalStatus = 15
    /// TC→TM: a global transaction's status.
    case globalStatusResult = 16
    /// TM→TC: report a global transaction's status (SAGA).
    case globalReport = 17
    /// TC→TM: the answer to a global report.
    case globalReportResult = 18
    /// RM→TC: ask whether rows could be locked.
    case globalLockQuery = 21
    /// TC→RM: whether the rows could be locked.
    case globalLockQueryResult = 22
    /// Client→TC: several requests in one frame.
    case mergedWarp = 59
    /// TC→client: the answers to a merged frame, in order.
    case mergeResult = 60
    /// TM→TC: register a transaction manager (Seata: `TYPE_REG_CLT`).
    case registerTM = 101
    /// TC→TM: the answer to a TM registration.
    case registerTMResult = 102
    /// RM→TC: register a resource manager and its resources.
    case registerRM = 103
    /// TC→RM: the answer to an RM registration.
    case registerRMResult = 104
    /// TC→RM, one-way: delete old undo-log rows of a resource.
    case undoLogDelete = 111
    /// Heartbeat ping or pong. Seata gives heartbeats this code in memory, but a heartbeat frame
    /// has no body: the frame's `messageType` (3 or 4) says what it is.
    case heartbeat = 120
    /// TC→client: the answers to a merged frame with the merged message ids (clients ≥ 1.5.0).
    case batchResult = 121

    /// Whether the message answers another one (a `…Result` code, MergeResult, BatchResult); false
    /// for requests and heartbeats.
    ///
    /// A coordinator reads responses only from RMs answering its BranchCommit and BranchRollback.
    public var isResponse: Bool {
        switch self {
        case .globalBeginResult, .branchCommitResult, .branchRollbackResult, .globalCommitResult,
            .globalRollbackResult, .branchRegisterResult, .branchStatusReportResult, .globalStatusResult,
            .globalReportResult, .globalLockQueryResult, .mergeResult, .registerTMResult, .registerRMResult,
            .batchResult:
            true
        case .globalBegin, .branchCommit, .branchRollback, .globalCommit, .globalRollback, .branchRegister,
            .branchStatusReport, .globalStatus, .globalReport, .globalLockQuery, .mergedWarp, .registerTM,
            .registerRM, .undoLogDelete, .heartbeat:
            false
        }
    }

    /// Seata's class name for the message (`GlobalBeginRequest`, …).
    public var description: String {
        switch self {
        case .globalBegin: "GlobalBeginRequest"
        case .globalBeginResult: "GlobalBeginResponse"
        case .branchCommit: "BranchCommitRequest"
        case .branchCommitResult: "BranchCommitResponse"
        case .branchRollback: "BranchRollbackRequest"
        case .branchRollbackResult: "BranchRollbackResponse"
        case .globalCommit: "GlobalCommitRequest"
        case .globalCommitResult: "GlobalCommitResponse"
        case .globalRollback: "GlobalRollbackRequest"
        case .globalRollbackResult: "GlobalRollbackResponse"
        case .branchRegister: "BranchRegisterRequest"
        case .branchRegisterResult: "BranchRegisterResponse"
        case .branchStatusReport: "BranchReportRequest"
        case .branchStatusReportResult: "BranchReportResponse"
        case .globalStatus: "GlobalStatusRequest"
        case .globalStatusResult: "GlobalStatusResponse"
        case .globalReport: "GlobalReportRequest"
        case .globalReportResult: "GlobalReportResponse"
        case .globalLockQuery: "GlobalLockQueryRequest"
        case .globalLockQueryResult: "GlobalLockQueryResponse"
        case .mergedWarp: "MergedWarpMessage"
        case .mergeResult: "MergeResultMessage"
        case .registerTM: "RegisterTMRequest"
        case .registerTMResult: "RegisterTMResponse"
        case .registerRM: "RegisterRMRequest"
        case .registerRMResult: "RegisterRMResponse"
        case .undoLogDelete: "UndoLogDeleteRequest"
        case .heartbeat: "HeartbeatMessage"
        case .batchResult: "BatchResultMessage"
        }
    }
}
