import Logging
import NIOCore
import SeataProtocol

/// Answers the coordinator's requests to this client: BranchCommit and BranchRollback through the
/// resource's handler, UndoLogDelete through the optional handler.
///
/// Each request runs in its own task, so a slow handler holds up neither the connection nor other
/// branches; the answer goes back on the connection the request came on, with its request id.
struct PhaseTwoDispatcher: Sendable {
    let resources: ResourceTable
    let undoLogDelete: UndoLogDeleteHandler?
    let logger: Logger

    func handle(_ frame: SeataFrame, from channel: CoordinatorChannel) {
        Task { await process(frame, from: channel) }
    }

    func process(_ frame: SeataFrame, from channel: CoordinatorChannel) async {
        let message: SeataMessage
        do {
            message = try frame.message()
        } catch {
            logger.warning(
                "coordinator \(channel.address) sent a request this client cannot decode; ignored: \(error)"
            )
            return
        }
        switch message {
        case .branchCommit(let branch):
            let (status, result) = await run(.commit, branch)
            answer(frame, .branchCommitResponse(response(branch, status, result)), on: channel)
        case .branchRollback(let branch):
            let (status, result) = await run(.rollback, branch)
            answer(frame, .branchRollbackResponse(response(branch, status, result)), on: channel)
        case .undoLogDelete(let request):
            if let undoLogDelete {
                await undoLogDelete(request)
            } else {
                logger.debug("UndoLogDelete for \(request.resourceId) ignored: no undo-log handler")
            }
        default:
            logger.warning(
                "coordinator \(channel.address) sent \(message.typeCode), which a Seata client does not answer; ignored"
            )
        }
    }

    private enum Phase: CustomStringConvertible {
        case commit
        case rollback

        var description: String { self == .commit ? "commit" : "rollback" }
        var retryable: BranchStatus {
            self == .commit ? .phaseTwoCommitFailedRetryable : .phaseTwoRollbackFailedRetryable
        }
        var exceptionCode: TransactionExceptionCode {
            self == .commit ? .unknown : .branchRollbackFailedRetriable
        }
    }

    private func run(_ phase: Phase, _ branch: BranchEndRequest) async -> (BranchStatus, TransactionResult) {
        guard let handler = resources.handler(for: branch.resourceId) else {
            let message =
                "no handler for resource '\(branch.resourceId)' in this client; the coordinator will retry "
                + "(register it with addResource)"
            logger.warning("branch \(phase) \(branch.xid) branch \(branch.branchId): \(message)")
            return (phase.retryable, .failure(phase.exceptionCode, message: message))
        }
        do {
            let status =
                switch phase {
                case .commit: try await handler.commit(branch)
                case .rollback: try await handler.rollback(branch)
                }
            return (status, .success)
        } catch {
            logger.warning(
                "branch \(phase) failed, answered \(phase.retryable) so the coordinator retries: \(error)",
                metadata: [
                    "xid": "\(branch.xid)", "branch_id": "\(branch.branchId)", "resource": "\(branch.resourceId)",
                ]
            )
            return (phase.retryable, .failure(phase.exceptionCode, message: "\(error)"))
        }
    }

    private func response(_ branch: BranchEndRequest, _ status: BranchStatus, _ result: TransactionResult)
        -> BranchEndResponse
    {
        BranchEndResponse(result: result, xid: branch.xid, branchId: branch.branchId, branchStatus: status)
    }

    private func answer(_ request: SeataFrame, _ message: SeataMessage, on channel: CoordinatorChannel) {
        var buffer = channel.channel.allocator.buffer(capacity: 64)
        request.writeResponse(message, into: &buffer)
        channel.write(buffer)
    }
}
