import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeperTestSupport

/// schemathesis (PyPI) generates requests from Console/openapi.json, valid and not, against a real
/// coordinator holding sessions in several states; none may get a 5xx.
@Suite(.serialized) struct SchemathesisTests {
    static func documentedOperations() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.packageRoot + "/Console/openapi.json"))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, item in item.keys.map { "\($0.uppercased()) \(path)" } }
    }

    @Test func schemathesisFindsNoServerErrorInTheConsoleAPI() async throws {
        let scenario = try await ConsoleScenario.start("schemathesis")
        let recorder = PhaseTwoRecorder()
        recorder.setFailing(true)
        let client = try await scenario.client(
            "fuzzed",
            resources: [recorder.resource("tcc"), recorder.resource("jdbc:db", branchType: .at)]
        )
        let open = try await client.begin(name: "open", timeout: .seconds(600))
        _ = try await client.registerBranch(xid: open, branchType: .at, resourceId: "jdbc:db", lockKey: "t:1,2")
        let retrying = try await client.begin(name: "retrying")
        _ = try await client.registerBranch(xid: retrying, branchType: .tcc, resourceId: "tcc")
        _ = try await client.rollback(xid: retrying)

        let token = try #require(scenario.console.token)
        let result = try await ProcessRunner.run(
            TestEnvironment.packageRoot + "/Tests/Clients/console/run.sh",
            [
                "schemathesis", "run", TestEnvironment.packageRoot + "/Console/openapi.json",
                "--url", "http://127.0.0.1:\(scenario.coordinator.harness.httpPort)",
                "--header", "Authorization: \(token)",
                "--checks", "not_a_server_error",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", "30", "--seed", "13", "--workers", "1", "--request-timeout", "20",
            ],
            environment: ["NO_COLOR": "1", "SCHEMATHESIS_HOOKS": nil]
        )
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        // It exercised the whole API: every documented operation, hundreds of cases, all passed.
        let operations = Set(try Self.documentedOperations())
        let tested = try #require(result.stdout.firstMatch(of: /Tested: (\d+)/)).1
        #expect(Int(tested) == operations.count, "\(result.stdout)")
        let cases = try #require(result.stdout.firstMatch(of: /(\d+) generated, (\d+) passed/))
        #expect(cases.1 == cases.2 && (Int(cases.1) ?? 0) >= 300, "\(result.stdout)")
        #expect(try await scenario.console.statusName(open) == "Begin", "the open session was left alone")
        _ = try? await client.rollback(xid: open)
        await client.shutdown()
        await scenario.stop()
    }
}
