import CommandLineContract
import Foundation
import Testing
import ZooKeeperTestSupport

extension EndToEnd {
    /// Seata's stock config.txt, seeded untouched, as every Seata user seeds it.
    @Suite struct StockConfigTests {
        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func validatesWithThreeWarningsAndTheirFixesClearThem() async throws {
            let root = TestEnvironment.uniqueRoot("stock")
            #expect(try await CLI.run(["seed", "--from", Fixtures.seata], root: root).status == 0)
            let result = try await CLI.run(["validate"], root: root)
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains(": 0 errors, 3 warnings"), "\(result.stdout)")
            let warnings = result.stdout.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
            #expect(
                warnings.map { $0.split(separator: " ")[1] } == [
                    "server.raft.server-addr", "server.recovery.asynCommittingRetryPeriod", "store.db.vgroupTable",
                ]
            )
            #expect(warnings[0].contains("renaming it would enable raft"), "\(warnings[0])")
            #expect(warnings[1].contains("its value applies under the new name"))
            #expect(warnings[2].contains("has no effect"))

            // Each warning carries the commands that fix it; running them leaves no warning.
            let fixes = result.stdout.split(separator: "\n").filter { $0.hasPrefix("    zkconfig ") }
            #expect(fixes.contains { $0.hasSuffix("set server.recovery.asyncCommittingRetryPeriod 1000") })
            for fix in fixes
            where !fix.contains("delete client.") && !fix.contains("delete tcc.")
                && !fix.contains("delete server.raft.serialization") && !fix.contains("shareBossWorker")
            {
                let words = fix.split(separator: " ").map(String.init)
                let status =
                    try await ProcessRunner.run(
                        ProcessRunner.executable("zkconfig"),
                        Array(words.dropFirst()),
                        environment: ["ZK_AUTH": nil]
                    )
                    .status
                #expect(status == ExitStatus.ok.code, "\(fix)")
            }
            let fixed = try await CLI.run(["validate", "--format", "json"], root: root)
            let report = try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any]
            #expect(report?["errorCount"] as? Int == 0)
            #expect(report?["warningCount"] as? Int == 0, "\(fixed.stdout)")
            #expect(report?["noteCount"] as? Int == 6)
            #expect(try await Kazoo.read(root)?.children["server.recovery.asyncCommittingRetryPeriod"]?.text == "1000")
            try await cleanUp(root)
        }

        @Test func versionPrintsTheProgramsAndTheSchemasVersion() async throws {
            let result = try await ProcessRunner.run(ProcessRunner.executable("zkconfig"), ["--version"])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("zkconfig \(ProductVersion.current), schema 2 (Apache Seata 2.x"))
            #expect(result.stdout.contains("built-in"))
        }
    }
}
