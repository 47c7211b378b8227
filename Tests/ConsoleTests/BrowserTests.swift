import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// The console page in a real browser (Debian's chromium, headless, driven by selenium from PyPI;
/// Tools/setup.sh installs both): log in, filter the transactions, see a live configuration change
/// appear, re-drive a session; screenshots at 1280x800 and 390x844.
///
/// The screenshots are kept in `.build/artifacts/console/` of the checkout (or `CONSOLE_ARTIFACTS`).
@Suite(.serialized) struct BrowserTests {
    static var artifacts: String {
        ProcessInfo.processInfo.environment["CONSOLE_ARTIFACTS"]
            ?? TestEnvironment.packageRoot + "/.build/artifacts/console"
    }

    @Test func anOperatorLogsInFiltersSeesALiveChangeAndRedrivesInARealBrowser() async throws {
        let scenario = try await ConsoleScenario.start(
            "browser",
            extra: ["server.maxCommitRetryTimeout": "1500"]
        )
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await scenario.client("browser-shop", resources: [recorder.resource("ledger")])
        let stuck = try await client.begin(name: "stuck-order")
        _ = try await client.registerBranch(xid: stuck, branchType: .tcc, resourceId: "ledger")
        _ = try await client.registerBranch(xid: stuck, branchType: .tcc, resourceId: "ledger")
        #expect(try await client.commit(xid: stuck) == .commitRetrying)
        let open = try await client.begin(name: "open-order", timeout: .seconds(600))
        _ = try await client.registerBranch(xid: open, branchType: .tcc, resourceId: "ledger")
        let console = scenario.console
        #expect(await eventually(timeout: .seconds(10)) { try await console.statusName(stuck) == "CommitRetryTimeout" })
        recorder.setFailing(false)  // its RM is back; the operator re-drives it from the page

        try? FileManager.default.removeItem(atPath: Self.artifacts)
        let browser = try RunningProcess(
            TestEnvironment.packageRoot + "/Tests/Clients/console/run.sh",
            [
                "browser", "--url", "http://127.0.0.1:\(scenario.coordinator.harness.httpPort)", "--xid", stuck,
                "--application", "browser-shop", "--config-key", "server.maxCommitRetryTimeout",
                "--config-value", "-1", "--artifacts", Self.artifacts,
            ]
        )
        let ready = await browser.waitForOutput("READY-FOR-CHANGE", timeout: .seconds(120))
        #expect(ready, "the page reached the configuration:\n\(browser.stdoutSoFar)\n\(browser.stderrSoFar)")
        if ready { try await scenario.coordinator.set("server.maxCommitRetryTimeout", "-1") }
        let result = await browser.wait(timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        for name in [
            "login-1280x800", "transactions-1280x800", "config-1280x800", "config-390x844",
            "transactions-390x844", "confirm-1280x800", "redriven-1280x800",
        ] {
            #expect(FileManager.default.fileExists(atPath: Self.artifacts + "/\(name).png"), "\(name).png")
        }
        #expect(try await console.session(stuck) == nil, "re-driven to Committed")
        #expect(recorder.calls(.confirm, xid: stuck).count >= 2)
        #expect(try await console.statusName(open) == "Begin")
        try? FileManager.default.removeItem(atPath: Self.artifacts + "/profile")
        _ = try await client.rollback(xid: open)
        await client.shutdown()
        await scenario.stop()
    }
}
