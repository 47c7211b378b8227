import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// The operators' actions through the console API on a real coordinator, with real RMs (the
/// Swift client): re-drive, stop and restart, releasing a lock, refusals, and the command line.
@Suite(.serialized) struct ConsoleActionTests {
    @Test(arguments: StoreKind.all)
    func aCommitRetryTimeoutIsRedrivenToCommittedAfterItsRMComesBack(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start(
            "redrive",
            store: store,
            extra: ["server.maxCommitRetryTimeout": "1500"]
        )
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await scenario.client(resources: [recorder.resource("ledger")])
        let xid = try await client.begin(name: "stuck")
        _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "ledger")
        #expect(try await client.commit(xid: xid) == .commitRetrying)
        let console = scenario.console
        #expect(await eventually(timeout: .seconds(10)) { try await console.statusName(xid) == "CommitRetryTimeout" })

        // Its RM still refuses: not done, kept as CommitRetryTimeout, with the RM's answer.
        let early = try await console.call("PUT", "globalSession/sendCommitOrRollback", ["xid": xid])
        #expect(early.status == 409 && early.data["reason"] as? String == "notCompleted", "\(early)")
        #expect(early.data["status"] as? String == "CommitRetryTimeout")
        let answers = early.data["branches"] as? [[String: Any]] ?? []
        #expect(
            answers.first?["call"] as? String == "BranchCommit"
                && answers.first?["answer"] as? String != "PhaseTwo_Committed"
        )
        #expect(try await console.statusName(xid) == "CommitRetryTimeout")
        #expect(try await client.status(xid: xid) == .commitRetryTimeout)

        // The RM is back: the failed final is re-driven to Committed (Seata's changeGlobalStatus).
        recorder.setFailing(false)
        let done = try await console.call("PUT", "globalSession/changeGlobalStatus", ["xid": xid])
        #expect(done.status == 200 && done.data["removed"] as? Bool == true, "\(done)")
        #expect(done.message.contains("Committed"))
        #expect(try await console.session(xid) == nil)
        #expect(try await client.status(xid: xid) == .finished)
        #expect(recorder.calls(.confirm, xid: xid).count >= 2)
        #expect(recorder.calls(.cancel, xid: xid).isEmpty)
        #expect(scenario.coordinator.process.stderrSoFar.contains("operator=seata"), "the action is logged with who")
        await client.shutdown()
        await scenario.stop()
    }

    @Test(arguments: StoreKind.all)
    func aStuckRollbackRetryingIsStoppedThenRestarted(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start("stop", store: store)
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await scenario.client(resources: [recorder.resource("stock")])
        let xid = try await client.begin(name: "stuck")
        _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "stock")
        #expect(try await client.rollback(xid: xid) == .rollbackRetrying)
        #expect(await recorder.wait { $0.filter { $0.kind == .cancel }.count >= 3 }, "the job retries every 200 ms")

        let console = scenario.console
        let stopped = try await console.call("PUT", "globalSession/stopGlobalSession", ["xid": xid])
        #expect(
            stopped.status == 200 && stopped.data["after"] as? String == "StopRollbackOrRollbackRetry",
            "\(stopped)"
        )
        try await Task.sleep(for: .milliseconds(300))
        let tries = recorder.calls(.cancel, xid: xid).count
        try await Task.sleep(for: .milliseconds(1000))
        #expect(recorder.calls(.cancel, xid: xid).count == tries, "no retry while stopped")
        #expect(try await console.statusName(xid) == "StopRollbackOrRollbackRetry")
        // A TM is told what that means for it, in a status every client decodes.
        #expect(try await client.status(xid: xid) == .rollbackRetrying)
        let again = try await console.call("PUT", "globalSession/stopGlobalSession", ["xid": xid])
        #expect(again.status == 409 && again.message.contains("stopped already"))

        recorder.setFailing(false)
        let started = try await console.call("PUT", "globalSession/startGlobalSession", ["xid": xid])
        #expect(started.status == 200 && started.data["after"] as? String == "RollbackRetrying", "\(started)")
        #expect(await eventually { try await console.session(xid) == nil }, "the job rolled it back")
        #expect(try await client.status(xid: xid) == .finished)
        await client.shutdown()
        await scenario.stop()
    }

    @Test(arguments: StoreKind.all)
    func aLockIsReleasedByHandOnceItsRollbackIsStopped(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start("lock", store: store)
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await scenario.client(resources: [recorder.resource("jdbc:orders", branchType: .at)])
        let holder = try await client.begin(name: "holder")
        let branch = try await client.registerBranch(
            xid: holder,
            branchType: .at,
            resourceId: "jdbc:orders",
            lockKey: "orders:1,2"
        )
        #expect(try await client.rollback(xid: holder) == .rollbackRetrying)
        let other = try await client.begin(name: "other")
        let console = scenario.console
        let row = [
            "xid": holder, "branchId": "\(branch)", "tableName": "orders", "pk": "1", "resourceId": "jdbc:orders",
        ]

        let rolling = try await console.call("DELETE", "globalLock/delete", row)
        #expect(rolling.status == 409 && rolling.message.contains("stop its retries first"), "\(rolling)")
        let locks = try await console.get("globalLock/query", ["xid": holder])
        #expect(locks.total == 2 && locks.items.allSatisfy { $0["status"] as? Int == 1 }, "marked rolling back")

        #expect(try await console.call("PUT", "globalSession/stopGlobalSession", ["xid": holder]).status == 200)
        let released = try await console.call("DELETE", "globalLock/delete", row)
        #expect(released.status == 200 && released.message.contains("released"), "\(released)")
        #expect(try await console.get("globalLock/query", ["xid": holder]).items.map { $0["pk"] as? String } == ["2"])
        // The row is free for other transactions now; its neighbour is still held.
        _ = try await client.registerBranch(xid: other, branchType: .at, resourceId: "jdbc:orders", lockKey: "orders:1")
        await #expect(throws: SeataClientError.self) {
            try await client.registerBranch(xid: other, branchType: .at, resourceId: "jdbc:orders", lockKey: "orders:2")
        }
        #expect(try await console.call("DELETE", "globalLock/delete", row).status == 404, "released already")
        var wrongBranch = row
        wrongBranch["pk"] = "2"
        wrongBranch["branchId"] = "1"
        #expect(try await console.call("DELETE", "globalLock/delete", wrongBranch).status == 404)
        await client.shutdown()
        await scenario.stop()
    }

    @Test(arguments: StoreKind.all)
    func unsafeActionsAreRefusedWithAReason(store: StoreKind) async throws {
        let scenario = try await ConsoleScenario.start(
            "refusals",
            store: store,
            extra: ["server.maxCommitRetryTimeout": "1000"]
        )
        let recorder = PhaseTwoRecorder()
        let client = try await scenario.client(
            resources: [recorder.resource("tcc"), recorder.resource("jdbc:db", branchType: .at)]
        )
        let console = scenario.console

        // An open transaction: every action is refused and nothing changes.
        let open = try await client.begin(name: "open", timeout: .seconds(600))
        let branch = try await client.registerBranch(xid: open, branchType: .at, resourceId: "jdbc:db", lockKey: "t:1")
        let byXid: [(String, String)] = [
            ("PUT", "globalSession/stopGlobalSession"), ("PUT", "globalSession/startGlobalSession"),
            ("PUT", "globalSession/sendCommitOrRollback"), ("PUT", "globalSession/changeGlobalStatus"),
            ("DELETE", "globalSession/deleteGlobalSession"), ("DELETE", "globalSession/forceDeleteGlobalSession"),
        ]
        for (method, path) in byXid {
            let answer = try await console.call(method, path, ["xid": open])
            #expect(answer.status == 409 && answer.data["reason"] as? String == "refused", "\(path): \(answer)")
            #expect(
                answer.data["status"] as? String == "Begin" && answer.message.count > 40,
                "a reason: \(answer.message)"
            )
        }
        for path in ["branchSession/deleteBranchSession", "branchSession/forceDeleteBranchSession"] {
            #expect(try await console.call("DELETE", path, ["xid": open, "branchId": "\(branch)"]).status == 409)
        }
        let lock = ["xid": open, "branchId": "\(branch)", "tableName": "t", "pk": "1", "resourceId": "jdbc:db"]
        let held = try await console.call("DELETE", "globalLock/delete", lock)
        #expect(held.status == 409 && held.message.contains("open transaction"))
        #expect(try await console.statusName(open) == "Begin")
        #expect(try await console.get("globalLock/query", ["xid": open]).total == 1)
        #expect(recorder.all.isEmpty, "no RM was called")

        // Decided to commit: a delete would roll committed work back, so it is refused; force
        // delete forgets the session without calling its RM.
        recorder.setFailing(true)
        let decided = try await client.begin(name: "decided")
        _ = try await client.registerBranch(xid: decided, branchType: .tcc, resourceId: "tcc")
        #expect(try await client.commit(xid: decided) == .commitRetrying)
        #expect(
            await eventually(timeout: .seconds(10)) { try await console.statusName(decided) == "CommitRetryTimeout" }
        )
        let delete = try await console.call("DELETE", "globalSession/deleteGlobalSession", ["xid": decided])
        #expect(
            delete.status == 409 && delete.message.contains("decided to commit")
                && delete.message.contains("BranchDelete")
        )
        let start = try await console.call("PUT", "globalSession/startGlobalSession", ["xid": decided])
        #expect(start.status == 409 && start.message.contains("not stopped"))
        let stop = try await console.call("PUT", "globalSession/stopGlobalSession", ["xid": decided])
        #expect(stop.status == 409 && stop.message.contains("failed final"))
        let calls = recorder.all.count
        let forced = try await console.call("DELETE", "globalSession/forceDeleteGlobalSession", ["xid": decided])
        #expect(forced.status == 200 && forced.data["removed"] as? Bool == true, "\(forced)")
        #expect(recorder.all.count == calls, "force delete calls no RM")
        #expect(try await console.session(decided) == nil)

        #expect(try await client.rollback(xid: open) == .rollbackRetrying)
        await client.shutdown()
        await scenario.stop()
    }

    @Test func theCommandLineCallsTheConsoleWithExitCodesFromTheSharedTable() async throws {
        let scenario = try await ConsoleScenario.start("cli", extra: ["server.maxCommitRetryTimeout": "1000"])
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await scenario.client("cli-app", resources: [recorder.resource("ledger")])
        let xid = try await client.begin(name: "from-cli")
        _ = try await client.registerBranch(xid: xid, branchType: .tcc, resourceId: "ledger")
        #expect(try await client.commit(xid: xid) == .commitRetrying)
        let console = scenario.console
        #expect(await eventually(timeout: .seconds(10)) { try await console.statusName(xid) == "CommitRetryTimeout" })

        let url = "http://127.0.0.1:\(scenario.coordinator.harness.httpPort)"
        func run(_ arguments: [String], token: String? = console.token, password: String? = nil) async throws
            -> ProcessResult
        {
            try await ProcessRunner.run(
                ProcessRunner.executable("coordinator"),
                arguments + ["--url", url],
                environment: ["COORDINATOR_TOKEN": token, "COORDINATOR_PASSWORD": password]
            )
        }
        let login = try await run(["login", "--user", "seata"], token: nil, password: "seata")
        #expect(login.status == 0 && login.stdout.hasPrefix("Bearer "), "\(login.stderr)")
        let token = login.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await run(["login"], token: nil, password: "wrong").status == 77)

        let listed = try await run(["sessions", "--application", "cli-app", "--with-branches"], token: token)
        #expect(listed.status == 0 && listed.stdout.contains(xid) && listed.stdout.contains("CommitRetryTimeout"))
        #expect(listed.stdout.contains("branch ") && listed.stderr.contains("1 global session"), "\(listed.stdout)")
        let json = try await run(["sessions", "--status", "CommitRetryTimeout", "--format", "json"], token: token)
        let envelope = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(envelope?["total"] as? Int == 1 && envelope?["code"] as? String == "200")
        #expect(try await run(["sessions", "--older-than", "3600"], token: token).stderr.contains("0 global sessions"))
        #expect(try await run(["locks"], token: token).status == 0)

        #expect(try await run(["redrive", "--xid", xid], token: token).status == 75, "its RM still refuses")
        #expect(try await run(["delete", "--xid", xid], token: token).status == 75, "decided to commit")
        recorder.setFailing(false)
        let redriven = try await run(["redrive", "--xid", xid], token: token)
        #expect(redriven.status == 0 && redriven.stdout.contains("Committed"), "\(redriven.stdout)\(redriven.stderr)")
        #expect(try await run(["delete", "--xid", xid], token: token).status == 1, "no such session any more")
        #expect(try await run(["delete", "--xid", xid, "--branch", "x"], token: token).status == 64)
        #expect(try await run(["sessions"], token: nil).status == 77)
        #expect(try await run(["sessions"], token: "Bearer forged").status == 77)
        #expect(try await run(["sessions", "--bogus"]).status == 64)
        #expect(try await run(["redrive"]).status == 64)
        let away = try await ProcessRunner.run(
            ProcessRunner.executable("coordinator"),
            ["sessions", "--url", "http://127.0.0.1:1"],
            environment: ["COORDINATOR_TOKEN": token]
        )
        #expect(away.status == 69 && away.stderr.contains("cannot connect"))
        await client.shutdown()
        await scenario.stop()
    }
}
