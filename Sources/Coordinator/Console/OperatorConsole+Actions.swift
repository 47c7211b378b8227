import Hummingbird
import TransactionCore

extension OperatorConsole {
    /// The operator actions, with Seata's methods and paths; each answers the outcome, or the
    /// refusal with its reason (409), and is logged by the core with the operator.
    func registerActions(on api: RouterGroup<OpsRequestContext>) {
        api.put("globalSession/stopGlobalSession") { request, context in
            await act(request) { xid in try await core.stopRetry(xid: xid, by: Self.who(context)) }
        }
        api.put("globalSession/startGlobalSession") { request, context in
            await act(request) { xid in try await core.startRetry(xid: xid, by: Self.who(context)) }
        }
        // Seata splits re-driving by status (retrying and stopped here, failed finals below); both
        // re-drive whichever the session is in.
        api.put("globalSession/sendCommitOrRollback") { request, context in
            await act(request) { xid in try await core.redrive(xid: xid, by: Self.who(context)) }
        }
        api.put("globalSession/changeGlobalStatus") { request, context in
            await act(request) { xid in try await core.redrive(xid: xid, by: Self.who(context)) }
        }
        api.delete("globalSession/deleteGlobalSession") { request, context in
            await act(request) { xid in try await core.deleteSession(xid: xid, force: false, by: Self.who(context)) }
        }
        api.delete("globalSession/forceDeleteGlobalSession") { request, context in
            await act(request) { xid in try await core.deleteSession(xid: xid, force: true, by: Self.who(context)) }
        }
        api.delete("branchSession/deleteBranchSession") { request, context in
            await actOnBranch(request) { xid, branchId in
                try await core.deleteBranch(xid: xid, branchId: branchId, force: false, by: Self.who(context))
            }
        }
        api.delete("branchSession/forceDeleteBranchSession") { request, context in
            await actOnBranch(request) { xid, branchId in
                try await core.deleteBranch(xid: xid, branchId: branchId, force: true, by: Self.who(context))
            }
        }
        // Seata's per-branch retry switch (BranchStatus STOP_RETRY) is not implemented: the phase-two
        // driver would have to skip such branches. Answered, so Seata's own console gets a reason.
        for path in ["branchSession/stopBranchSession", "branchSession/startBranchSession"] {
            api.put(RouterPath(path)) { request, _ in
                await answer {
                    let parameters = ConsoleParameters(request)
                    _ = try parameters.required("xid")
                    _ = try parameters.requiredBranchId()
                    throw OperatorError(
                        .refused,
                        "Stopping or starting the retries of one branch is not supported by this coordinator; stop "
                            + "or start the whole session's (stopGlobalSession, startGlobalSession)"
                    )
                }
            }
        }
        api.delete("globalLock/delete") { request, context in
            await answer {
                let parameters = ConsoleParameters(request)
                let xid = try parameters.required("xid")
                let branchId = try parameters.requiredBranchId()
                guard let tableName = parameters.text("tableName"), let pk = parameters.text("pk"),
                    let resourceId = parameters.text("resourceId")
                else {
                    throw ConsoleParameters.Problem(description: "tableName or resourceId or pk can not be empty")
                }
                let outcome = try await core.releaseLock(
                    xid: xid,
                    branchId: branchId,
                    resourceId: resourceId,
                    tableName: tableName,
                    pk: pk,
                    by: Self.who(context)
                )
                return ConsoleEnvelope.success(ConsoleViews.Action(outcome), message: outcome.message)
            }
        }
    }

    private func act(_ request: Request, _ body: (String) async throws -> OperatorOutcome) async -> Response {
        await answer {
            let outcome = try await body(try ConsoleParameters(request).required("xid"))
            return ConsoleEnvelope.success(ConsoleViews.Action(outcome), message: outcome.message)
        }
    }

    private func actOnBranch(_ request: Request, _ body: (String, Int64) async throws -> OperatorOutcome) async
        -> Response
    {
        await answer {
            let parameters = ConsoleParameters(request)
            let xid = try parameters.required("xid")
            let outcome = try await body(xid, try parameters.requiredBranchId())
            return ConsoleEnvelope.success(ConsoleViews.Action(outcome), message: outcome.message)
        }
    }
}
