import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Testing

/// Seata's console API on a real coordinator, on every store: each route, each filter, page
/// edges, unknown xids and malformed parameters.
@Suite(.serialized) struct ConsoleAPITests {
    /// Three open transactions: two of `shop` named order (TCC, then AT), one of `billing` named
    /// invoice (AT), begun at least a second apart (times are compared in whole seconds).
    struct Sessions {
        var first: String
        var second: String
        var third: String
        var clients: [SeataClient]
    }

    private func sessions(_ scenario: ConsoleScenario) async throws -> Sessions {
        let recorder = PhaseTwoRecorder()
        let shop = try await scenario.client(
            "shop",
            resources: [recorder.resource("inventory"), recorder.resource("jdbc:db1", branchType: .at)]
        )
        let billing = try await scenario.client("billing", resources: [recorder.resource("jdbc:db2", branchType: .at)])
        let first = try await shop.begin(name: "order", timeout: .seconds(600))
        _ = try await shop.registerBranch(xid: first, branchType: .tcc, resourceId: "inventory")
        _ = try await shop.registerBranch(xid: first, branchType: .tcc, resourceId: "inventory")
        try await Task.sleep(for: .milliseconds(1100))
        let second = try await billing.begin(name: "invoice", timeout: .seconds(600))
        _ = try await billing.registerBranch(
            xid: second,
            branchType: .at,
            resourceId: "jdbc:db2",
            lockKey: "account:1,2;stock:9"
        )
        try await Task.sleep(for: .milliseconds(1100))
        let third = try await shop.begin(name: "order", timeout: .seconds(600))
        _ = try await shop.registerBranch(xid: third, branchType: .at, resourceId: "jdbc:db1", lockKey: "account:3")
        return Sessions(first: first, second: second, third: third, clients: [shop, billing])
    }

    private func xids(_ answer: ConsoleClient.Answer) -> [String] { answer.items.compactMap { $0["xid"] as? String } }

    @Test(arguments: StoreKind.all)
    func globalSessionQueryFiltersByEveryParameter(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start("sessions", store: store)
        let s = try await sessions(scenario)
        let console = scenario.console

        let all = try await console.get("globalSession/query")
        #expect(all.status == 200 && all.code == "200" && all.body["success"] as? Bool == true)
        #expect(xids(all) == [s.third, s.second, s.first], "newest begin first")
        #expect(all.total == 3 && all.body["pages"] as? Int == 1 && all.body["pageSize"] as? Int == 20)
        #expect(all.items.allSatisfy { $0["branchSessionVOs"] == nil }, "no branches unless withBranch")
        let first = try #require(all.items.last)
        #expect(first["transactionId"] as? String == s.first.split(separator: ":").last.map(String.init))
        #expect(first["status"] as? Int == 1 && first["statusName"] as? String == "Begin")
        #expect(first["applicationId"] as? String == "shop" && first["transactionServiceGroup"] as? String == "tests")
        #expect(first["transactionName"] as? String == "order" && first["timeout"] as? Int == 600_000)

        #expect(xids(try await console.get("globalSession/query", ["xid": s.second])) == [s.second])
        #expect(xids(try await console.get("globalSession/query", ["applicationId": "shop"])) == [s.third, s.first])
        #expect(xids(try await console.get("globalSession/query", ["transactionName": "invoice"])) == [s.second])
        #expect(try await console.get("globalSession/query", ["vgroup": "tests"]).total == 3)
        #expect(try await console.get("globalSession/query", ["vgroup": "other"]).total == 0)
        #expect(try await console.get("globalSession/query", ["status": "1"]).total == 3)
        #expect(try await console.get("globalSession/query", ["status": "Begin"]).total == 3, "by name too")
        #expect(try await console.get("globalSession/query", ["status": "5"]).total == 0)

        let begins = all.items.compactMap { ($0["beginTime"] as? NSNumber)?.int64Value }
        let middle = String(begins[1])
        #expect(xids(try await console.get("globalSession/query", ["timeStart": middle])) == [s.third, s.second])
        #expect(xids(try await console.get("globalSession/query", ["timeEnd": middle])) == [s.second, s.first])
        #expect(
            xids(try await console.get("globalSession/query", ["timeStart": middle, "timeEnd": middle])) == [s.second]
        )

        let withBranches = try await console.get("globalSession/query", ["xid": s.second, "withBranch": "true"])
        let branch = try #require((withBranches.items.first?["branchSessionVOs"] as? [[String: Any]])?.first)
        #expect(branch["branchType"] as? String == "AT" && branch["resourceId"] as? String == "jdbc:db2")
        #expect(
            branch["statusName"] as? String == "Registered" && branch["lockKey"] as? String == "account:1,2;stock:9"
        )
        #expect((branch["clientId"] as? String)?.hasPrefix("billing:") == true)
        #expect(
            (try await console.get("globalSession/query", ["xid": s.first, "withBranch": "yes"]).items.first?[
                "branchSessionVOs"
            ] as? [Any])?
            .count == 2
        )

        for client in s.clients { await client.shutdown() }
        await scenario.stop()
    }

    @Test(arguments: StoreKind.all)
    func pagesHaveEdgesAndBadParametersAreRefused(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start("pages", store: store)
        let s = try await sessions(scenario)
        let console = scenario.console

        let page = try await console.get("globalSession/query", ["pageSize": "2", "pageNum": "2"])
        #expect(xids(page) == [s.first] && page.total == 3 && page.body["pages"] as? Int == 2)
        #expect(page.body["pageNum"] as? Int == 2 && page.body["currPage"] as? Int == 2)
        let exact = try await console.get("globalSession/query", ["pageSize": "3"])
        #expect(exact.body["pages"] as? Int == 1 && xids(exact).count == 3)
        let beyond = try await console.get("globalSession/query", ["pageSize": "2", "pageNum": "3"])
        #expect(beyond.status == 200 && xids(beyond).isEmpty && beyond.total == 3)
        let maximum = try await console.get("globalSession/query", ["pageSize": "100", "pageNum": "999"])
        #expect(maximum.status == 200 && xids(maximum).isEmpty)
        let none = try await console.get("globalSession/query", ["xid": "127.0.0.1:1:1"])
        #expect(none.status == 200 && none.total == 0 && none.body["pages"] as? Int == 0)

        let refused: [[String: String]] = [
            ["pageNum": "0"], ["pageNum": "1000"], ["pageSize": "0"], ["pageSize": "101"], ["pageNum": "one"],
            ["status": "21"], ["status": "Bogus"], ["timeStart": "yesterday"], ["withBranch": "maybe"],
        ]
        for query in refused {
            let answer = try await console.get("globalSession/query", query)
            #expect(answer.status == 400 && answer.code == "400", "\(query): \(answer)")
            #expect(answer.body["success"] as? Bool == false && !answer.message.isEmpty)
        }
        let lockRefused = try await console.get("globalLock/query", ["transactionId": "x1"])
        #expect(lockRefused.status == 400 && lockRefused.message.contains("transactionId"))
        #expect(try await console.get("globalLock/query", ["pageSize": "101"]).status == 400)

        for client in s.clients { await client.shutdown() }
        await scenario.stop()
    }

    @Test(arguments: StoreKind.all)
    func globalLockQueryFiltersAndPages(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start("locks", store: store)
        let s = try await sessions(scenario)
        let console = scenario.console

        let all = try await console.get("globalLock/query")
        #expect(all.status == 200 && all.total == 4, "\(all)")
        #expect(all.items.first?["xid"] as? String == s.third, "newest transaction first")
        let lock = try #require(all.items.first { $0["pk"] as? String == "9" })
        #expect(lock["tableName"] as? String == "stock" && lock["resourceId"] as? String == "jdbc:db2")
        #expect(lock["rowKey"] as? String == "jdbc:db2^^^stock^^^9" && lock["vgroup"] as? String == "tests")
        #expect(lock["status"] as? Int == 0 && lock["globalStatus"] as? String == "Begin")

        #expect(try await console.get("globalLock/query", ["xid": s.second]).total == 3)
        #expect(try await console.get("globalLock/query", ["tableName": "account"]).total == 3)
        #expect(try await console.get("globalLock/query", ["tableName": "account", "pk": "3"]).total == 1)
        #expect(try await console.get("globalLock/query", ["resourceId": "jdbc:db1"]).total == 1)
        let branchId = try #require(lock["branchId"] as? String)
        #expect(try await console.get("globalLock/query", ["branchId": branchId]).total == 3)
        let transactionId = try #require(lock["transactionId"] as? String)
        #expect(try await console.get("globalLock/query", ["transactionId": transactionId]).total == 3)
        #expect(try await console.get("globalLock/query", ["xid": s.first]).total == 0, "TCC takes no row locks")
        let page = try await console.get("globalLock/query", ["pageSize": "3", "pageNum": "2"])
        #expect(page.items.count == 1 && page.body["pages"] as? Int == 2)

        let check = try await console.get("globalLock/check", ["xid": s.second, "branchId": branchId])
        #expect(check.status == 200 && check.body["data"] as? Bool == true)
        #expect(
            try await console.get("globalLock/check", ["xid": s.first, "branchId": branchId]).body["data"] as? Bool
                == false
        )
        #expect(
            try await console.get("globalLock/check", ["xid": s.second, "branchId": "x"]).body["data"] as? Bool == false
        )
        #expect(try await console.get("globalLock/check").body["data"] as? Bool == false)

        for client in s.clients { await client.shutdown() }
        await scenario.stop()
    }

    @Test(arguments: StoreKind.all)
    func unknownXidsAndBranchesAreNotFoundAndMissingOnesAreRefused(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start("unknown", store: store)
        let console = scenario.console
        let unknown = "127.0.0.1:\(scenario.coordinator.harness.port):42"
        let routes: [(String, String)] = [
            ("PUT", "globalSession/stopGlobalSession"), ("PUT", "globalSession/startGlobalSession"),
            ("PUT", "globalSession/sendCommitOrRollback"), ("PUT", "globalSession/changeGlobalStatus"),
            ("DELETE", "globalSession/deleteGlobalSession"), ("DELETE", "globalSession/forceDeleteGlobalSession"),
        ]
        for (method, path) in routes {
            let answer = try await console.call(method, path, ["xid": unknown])
            #expect(answer.status == 404 && answer.code == "404", "\(path): \(answer)")
            #expect(answer.message.contains("is not exist") && answer.data["reason"] as? String == "notFound")
            let missing = try await console.call(method, path)
            #expect(missing.status == 400 && missing.message.contains("xid"), "\(path): \(missing)")
        }
        for path in ["branchSession/deleteBranchSession", "branchSession/forceDeleteBranchSession"] {
            #expect(try await console.call("DELETE", path, ["xid": unknown, "branchId": "7"]).status == 404)
            let notNumber = try await console.call("DELETE", path, ["xid": unknown, "branchId": "seven"])
            #expect(notNumber.status == 400 && notNumber.message.contains("branch Id is not number"))
            #expect(try await console.call("DELETE", path, ["xid": unknown]).status == 400)
        }
        for path in ["branchSession/stopBranchSession", "branchSession/startBranchSession"] {
            let answer = try await console.call("PUT", path, ["xid": unknown, "branchId": "7"])
            #expect(answer.status == 409 && answer.message.contains("not supported"), "\(answer)")
        }
        let lock = ["xid": unknown, "branchId": "7", "tableName": "t", "pk": "1", "resourceId": "r"]
        #expect(try await console.call("DELETE", "globalLock/delete", lock).status == 404)
        var partial = lock
        partial["pk"] = nil
        let refused = try await console.call("DELETE", "globalLock/delete", partial)
        #expect(refused.status == 400 && refused.message == "tableName or resourceId or pk can not be empty")
        await scenario.stop()
    }
}
