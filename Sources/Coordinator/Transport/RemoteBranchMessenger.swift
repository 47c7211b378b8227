import Logging
import SeataProtocol
import TransactionCore

/// Phase two over the RMs' own connections: the core's `BranchMessenger`, implemented by the
/// transport.
///
/// Each call waits `transport.rpcTcRequestTimeout` (read live, per call) for the RM's answer; no
/// connection for the branch's resource, a closed connection or no answer in time is thrown,
/// and the core counts it as retryable.
struct RemoteBranchMessenger: BranchMessenger {
    /// No RM connection serves the branch's resource.
    struct NoConnection: Error, CustomStringConvertible {
        var resourceId: String
        var clientId: String

        var description: String {
            "no resource manager connected for resource \(resourceId) (the branch was registered by \(clientId))"
        }
    }

    let registry: ClientRegistry
    let settings: @Sendable () -> TransportSettings
    let logger: Logger

    func commit(_ branch: BranchSession) async throws -> BranchStatus {
        try await call(.branchCommit(request(for: branch)), branch: branch)
    }

    func rollback(_ branch: BranchSession) async throws -> BranchStatus {
        try await call(.branchRollback(request(for: branch)), branch: branch)
    }

    func deleteUndoLogs(saveDays: Int) async {
        let days = Int16(clamping: saveDays)
        for (resourceId, connection) in registry.oneConnectionPerResource() {
            let request = UndoLogDeleteRequest(branchType: .at, resourceId: resourceId, saveDays: days)
            connection.send(.undoLogDelete(request), messageType: .oneWay, requestID: 0)
            logger.debug(
                "UndoLogDelete sent",
                metadata: ["resourceId": "\(resourceId)", "peer": "\(connection.peer)", "saveDays": "\(days)"]
            )
        }
    }

    private func request(for branch: BranchSession) -> BranchEndRequest {
        BranchEndRequest(
            xid: branch.xid,
            branchId: branch.branchId,
            branchType: branch.branchType,
            resourceId: branch.resourceId,
            applicationData: branch.applicationData
        )
    }

    private func call(_ message: SeataMessage, branch: BranchSession) async throws -> BranchStatus {
        guard let connection = registry.connection(forResource: branch.resourceId, clientId: branch.clientId) else {
            throw NoConnection(resourceId: branch.resourceId, clientId: branch.clientId)
        }
        let answer = try await connection.call(message, timeout: settings().rpcTcRequestTimeout)
        switch answer {
        case .branchCommitResponse(let response), .branchRollbackResponse(let response):
            if !response.result.isSuccess {
                logger.debug(
                    "Resource manager answered a failed result",
                    metadata: [
                        "xid": "\(branch.xid)", "branchId": "\(branch.branchId)", "peer": "\(connection.peer)",
                        "exceptionCode": "\(response.result.exceptionCode)", "message": "\(response.result.message)",
                    ]
                )
            }
            return response.branchStatus
        default:
            throw ClientConnection.CallError.unexpectedAnswer(peer: connection.peer, typeCode: answer.typeCode)
        }
    }
}
