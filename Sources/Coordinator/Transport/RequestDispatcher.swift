import SeataProtocol
import TransactionCore

/// Answers a client's transaction requests through the core: one request in, its response out.
///
/// Failures become failed results with Seata's exception code, never a dropped request: a TM or
/// RM always gets an answer it can act on. As Seata's `AbstractTCInboundHandler` does, a failed
/// commit, rollback or status still carries the transaction's current status (Finished when it
/// is gone), so the client learns where the transaction stands.
struct RequestDispatcher: Sendable {
    let core: TransactionCoordinator
    let settings: @Sendable () -> TransportSettings

    /// The response to `message` from a client registered as `identity`; nil for a message that is
    /// not a transaction request (the caller treats it as a protocol violation).
    func answer(_ message: SeataMessage, from identity: ClientIdentity) async -> SeataMessage? {
        let response: SeataMessage
        switch message {
        case .globalBegin(let request):
            response = await begin(request, identity)
        case .globalCommit(let request):
            response = .globalCommitResponse(
                await end(request.xid) { xid async throws(TransactionError) in try await core.commit(xid: xid) }
            )
        case .globalRollback(let request):
            response = .globalRollbackResponse(
                await end(request.xid) { xid async throws(TransactionError) in try await core.rollback(xid: xid) }
            )
        case .globalStatus(let request):
            response = .globalStatusResponse(
                await end(request.xid) { xid async throws(TransactionError) in try await core.status(xid: xid) }
            )
        case .globalReport(let request):
            response = .globalReportResponse(await report(request))
        case .branchRegister(let request):
            response = await register(request, identity)
        case .branchReport(let request):
            response = await report(request)
        case .globalLockQuery(let request):
            response = await lockQuery(request)
        case .mergedWarp(let merged):
            response = await answer(merged, from: identity)
        default:
            return nil
        }
        return identity.understandsSeata15 ? response : response.downgradedForSeataBefore15()
    }

    private func answer(_ merged: MergedWarpMessage, from identity: ClientIdentity) async -> SeataMessage {
        // Seata (server.enableParallelRequestHandle, on by default) handles merged requests in
        // parallel and answers them in order; so do we, and at once: no batching delay.
        let results = await withTaskGroup(of: (Int, SeataMessage).self) { group in
            for (index, message) in merged.messages.enumerated() {
                group.addTask {
                    (index, await answer(message, from: identity) ?? Self.refusal(for: message))
                }
            }
            var results = [SeataMessage?](repeating: nil, count: merged.messages.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
        if settings().batchResponses, identity.understandsSeata15, let ids = merged.messageIDs,
            ids.count == results.count
        {
            return .batchResult(BatchResultMessage(results: results, messageIDs: ids))
        }
        return .mergeResult(MergeResultMessage(results: results))
    }

    private func begin(_ request: GlobalBeginRequest, _ identity: ClientIdentity) async -> SeataMessage {
        do {
            let xid = try await core.begin(
                applicationId: identity.applicationId,
                transactionServiceGroup: identity.transactionServiceGroup,
                name: request.transactionName,
                timeout: Int(request.timeout)
            )
            return .globalBeginResponse(GlobalBeginResponse(result: .success, xid: xid))
        } catch {
            return .globalBeginResponse(GlobalBeginResponse(result: error.result, xid: ""))
        }
    }

    private func end(
        _ xid: String,
        _ operation: (String) async throws(TransactionError) -> GlobalStatus
    ) async -> GlobalEndResponse {
        do {
            return GlobalEndResponse(result: .success, globalStatus: try await operation(xid).answeredToClients)
        } catch {
            return GlobalEndResponse(result: error.result, globalStatus: await statusAfterFailure(xid))
        }
    }

    private func report(_ request: GlobalReportRequest) async -> GlobalEndResponse {
        guard let reported = request.globalStatus else {
            let failure = TransactionResult.failure(
                .globalTransactionStatusInvalid,
                message: "GlobalReport for xid = \(request.xid) carries no status"
            )
            return GlobalEndResponse(result: failure, globalStatus: await statusAfterFailure(request.xid))
        }
        return await end(request.xid) { xid async throws(TransactionError) in
            try await core.report(xid: xid, status: reported)
        }
    }

    private func register(_ request: BranchRegisterRequest, _ identity: ClientIdentity) async -> SeataMessage {
        do {
            let branchId = try await core.registerBranch(
                xid: request.xid,
                branchType: request.branchType,
                resourceId: request.resourceId,
                clientId: identity.clientId,
                lockKey: request.lockKey,
                applicationData: request.applicationData
            )
            return .branchRegisterResponse(BranchRegisterResponse(result: .success, branchId: branchId))
        } catch {
            return .branchRegisterResponse(BranchRegisterResponse(result: error.result, branchId: 0))
        }
    }

    private func report(_ request: BranchReportRequest) async -> SeataMessage {
        do {
            try await core.reportBranch(
                xid: request.xid,
                branchId: request.branchId,
                status: request.status,
                applicationData: request.applicationData
            )
            return .branchReportResponse(BranchReportResponse(result: .success))
        } catch {
            return .branchReportResponse(BranchReportResponse(result: error.result))
        }
    }

    private func lockQuery(_ request: GlobalLockQueryRequest) async -> SeataMessage {
        do {
            let lockable = try await core.isLockable(
                xid: request.xid,
                branchType: request.branchType,
                resourceId: request.resourceId,
                lockKey: request.lockKey
            )
            return .globalLockQueryResponse(GlobalLockQueryResponse(result: .success, lockable: lockable))
        } catch {
            return .globalLockQueryResponse(GlobalLockQueryResponse(result: error.result, lockable: false))
        }
    }

    /// Seata's `checkTransactionStatus`: the current status, Finished when unknown.
    private func statusAfterFailure(_ xid: String) async -> GlobalStatus {
        let status = (try? await core.status(xid: xid)) ?? .finished
        return status == .unknown ? .finished : status.answeredToClients
    }

    /// The answer to a merged message that is not a transaction request: a failed result of the
    /// matching response type where there is one.
    static func refusal(for message: SeataMessage) -> SeataMessage {
        let failure = TransactionResult.failure(
            .unknown,
            message: "\(message.typeCode) cannot be merged into a MergedWarp message"
        )
        return .globalStatusResponse(GlobalEndResponse(result: failure, globalStatus: .unknown))
    }
}

extension TransactionError {
    /// The failed result a client receives.
    var result: TransactionResult { .failure(code, message: message) }
}
