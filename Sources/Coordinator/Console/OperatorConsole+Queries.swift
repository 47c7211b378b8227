import Hummingbird
import TransactionCore

extension OperatorConsole {
    /// globalSession/query, globalLock/query, globalLock/check.
    func registerQueries(on api: RouterGroup<OpsRequestContext>) {
        api.get("globalSession/query") { request, _ in
            await answer {
                let (query, page) = try ConsoleParameters(request).sessionQuery()
                let found = try await core.consoleSessions(query)
                return ConsoleEnvelope.page(
                    found.items.map { ConsoleViews.GlobalSession($0, withBranches: query.withBranches) },
                    total: found.total,
                    pageNum: page.number,
                    pageSize: page.size
                )
            }
        }
        api.get("globalLock/query") { request, _ in
            await answer {
                let (query, page) = try ConsoleParameters(request).lockQuery()
                let found = try await core.consoleLocks(query)
                var sessions: [String: GlobalSession] = [:]
                for xid in Set(found.items.map(\.xid)) { sessions[xid] = try await core.consoleSession(xid: xid) }
                return ConsoleEnvelope.page(
                    found.items.map { ConsoleViews.GlobalLock($0, session: sessions[$0.xid]) },
                    total: found.total,
                    pageNum: page.number,
                    pageSize: page.size
                )
            }
        }
        // Seata's check: whether the session and the branch still exist (false for bad parameters).
        api.get("globalLock/check") { request, _ in
            await answer {
                let parameters = ConsoleParameters(request)
                guard let xid = parameters.text("xid"), let text = parameters.text("branchId"),
                    let branchId = Int64(text)
                else { return ConsoleEnvelope.success(false) }
                let session = try await core.consoleSession(xid: xid)
                return ConsoleEnvelope.success(session?.branches.contains { $0.branchId == branchId } ?? false)
            }
        }
    }
}
