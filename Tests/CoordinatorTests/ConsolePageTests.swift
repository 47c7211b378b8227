import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeperTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The console's page, its API description and its login work from the binary alone: they are
/// compiled in, so the installed release binary (Tools/test.sh's release pass) serves them too.
@Suite(.serialized) struct ConsolePageTests {
    @Test func theBinaryServesTheConsolePageItsDescriptionAndItsLogin() async throws {
        let coordinator = try await RunningCoordinator.start("console-page")
        let page = try await coordinator.harness.get("/")
        #expect(page.status == 200 && page.body.contains("<title>Coordinator console</title>"))
        #expect(try await coordinator.harness.get("/console.js").body.contains("/api/v1/auth/login"))
        let description = try await coordinator.harness.get("/openapi.json")
        let committed = try String(
            contentsOfFile: TestEnvironment.packageRoot + "/Console/openapi.json",
            encoding: .utf8
        )
        #expect(description.status == 200 && description.body == committed)

        var request = URLRequest(
            url: URL(string: "http://127.0.0.1:\(coordinator.harness.httpPort)/api/v1/auth/login")!
        )
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"username":"seata","password":"seata"}"#.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains(#""data":"Bearer "#))
        #expect(try await coordinator.harness.get("/api/v1/console/globalSession/query").status == 401)
        await coordinator.stop()
    }
}
