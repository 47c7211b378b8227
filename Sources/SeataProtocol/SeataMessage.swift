/// Every message of Seata's `seata` codec that a coordinator, a TM or an RM sends or receives.
///
/// A frame's body is a u16 type code (``MessageTypeCode``) followed by the message's fields;
/// ``decode(body:)`` reads one, ``encode(into:)`` writes one. Heartbeats have no body: a frame of
/// messageType 3 or 4 is ``heartbeat(_:)`` (``SeataFrame/message()`` maps it).
///
/// Several messages share a shape, as in Seata's class hierarchy: ``GlobalEndRequest`` is the body
/// of GlobalCommit, GlobalRollback and GlobalStatus; ``GlobalEndResponse`` answers those and
/// GlobalReport; ``BranchEndRequest``/``BranchEndResponse`` are BranchCommit's and BranchRollback's;
/// ``RegistrationResponse`` answers both registrations. The case tells them apart.
///
/// Strings: Seata writes null and "" alike (length 0) and reads length 0 as null; here both are "",
/// so every value decoded from the wire re-encodes to the same bytes.
public enum SeataMessage: Sendable, Hashable {
    /// 1: open a global transaction.
    case globalBegin(GlobalBeginRequest)
    /// 2: the new xid.
    case globalBeginResponse(GlobalBeginResponse)
    /// 3: TC→RM, commit a branch.
    case branchCommit(BranchEndRequest)
    /// 4: the branch's status after commit.
    case branchCommitResponse(BranchEndResponse)
    /// 5: TC→RM, roll a branch back.
    case branchRollback(BranchEndRequest)
    /// 6: the branch's status after rollback.
    case branchRollbackResponse(BranchEndResponse)
    /// 7: commit a global transaction.
    case globalCommit(GlobalEndRequest)
    /// 8: the status after the commit decision.
    case globalCommitResponse(GlobalEndResponse)
    /// 9: roll a global transaction back.
    case globalRollback(GlobalEndRequest)
    /// 10: the status after the rollback decision.
    case globalRollbackResponse(GlobalEndResponse)
    /// 11: register a branch.
    case branchRegister(BranchRegisterRequest)
    /// 12: the new branch id.
    case branchRegisterResponse(BranchRegisterResponse)
    /// 13: report a branch's status.
    case branchReport(BranchReportRequest)
    /// 14: the answer to a branch report.
    case branchReportResponse(BranchReportResponse)
    /// 15: ask for a global transaction's status.
    case globalStatus(GlobalEndRequest)
    /// 16: a global transaction's status.
    case globalStatusResponse(GlobalEndResponse)
    /// 17: report a global transaction's status (SAGA).
    case globalReport(GlobalReportRequest)
    /// 18: the status after a report.
    case globalReportResponse(GlobalEndResponse)
    /// 21: could these rows be locked?
    case globalLockQuery(GlobalLockQueryRequest)
    /// 22: whether they could.
    case globalLockQueryResponse(GlobalLockQueryResponse)
    /// 59: several requests in one frame.
    case mergedWarp(MergedWarpMessage)
    /// 60: the answers to a merged frame.
    case mergeResult(MergeResultMessage)
    /// 101: register a transaction manager.
    case registerTM(RegisterTMRequest)
    /// 102: the answer to a TM registration.
    case registerTMResponse(RegistrationResponse)
    /// 103: register a resource manager.
    case registerRM(RegisterRMRequest)
    /// 104: the answer to an RM registration.
    case registerRMResponse(RegistrationResponse)
    /// 111: TC→RM, one-way, trim the undo log.
    case undoLogDelete(UndoLogDeleteRequest)
    /// 121: the answers to a merged frame, with the merged message ids.
    case batchResult(BatchResultMessage)
    /// A heartbeat ping or pong (a bodiless frame, type code 120 only in Seata's memory).
    case heartbeat(Heartbeat)

    /// The message's type code.
    public var typeCode: MessageTypeCode {
        switch self {
        case .globalBegin: .globalBegin
        case .globalBeginResponse: .globalBeginResult
        case .branchCommit: .branchCommit
        case .branchCommitResponse: .branchCommitResult
        case .branchRollback: .branchRollback
        case .branchRollbackResponse: .branchRollbackResult
        case .globalCommit: .globalCommit
        case .globalCommitResponse: .globalCommitResult
        case .globalRollback: .globalRollback
        case .globalRollbackResponse: .globalRollbackResult
        case .branchRegister: .branchRegister
        case .branchRegisterResponse: .branchRegisterResult
        case .branchReport: .branchStatusReport
        case .branchReportResponse: .branchStatusReportResult
        case .globalStatus: .globalStatus
        case .globalStatusResponse: .globalStatusResult
        case .globalReport: .globalReport
        case .globalReportResponse: .globalReportResult
        case .globalLockQuery: .globalLockQuery
        case .globalLockQueryResponse: .globalLockQueryResult
        case .mergedWarp: .mergedWarp
        case .mergeResult: .mergeResult
        case .registerTM: .registerTM
        case .registerTMResponse: .registerTMResult
        case .registerRM: .registerRM
        case .registerRMResponse: .registerRMResult
        case .undoLogDelete: .undoLogDelete
        case .batchResult: .batchResult
        case .heartbeat: .heartbeat
        }
    }

    /// The transaction result prefix of a transaction response; nil for requests, registration
    /// responses, merge messages and heartbeats.
    public var transactionResult: TransactionResult? {
        switch self {
        case .globalBeginResponse(let response): response.result
        case .branchCommitResponse(let response), .branchRollbackResponse(let response): response.result
        case .globalCommitResponse(let response), .globalRollbackResponse(let response),
            .globalStatusResponse(let response), .globalReportResponse(let response):
            response.result
        case .branchRegisterResponse(let response): response.result
        case .branchReportResponse(let response): response.result
        case .globalLockQueryResponse(let response): response.result
        default: nil
        }
    }
}
