import CoordinatorTestSupport
import FileStore
import Foundation
import Hummingbird
import Logging
import SeataProtocol
import Testing
import TransactionCore
import ZooKeeperTestSupport

@testable import Coordinator

/// Console/openapi.json against what the coordinator serves: the same routes, and every
/// documented operation answering one of its documented statuses as JSON.
@Suite(.serialized) struct OpenAPITests {
    static var documentPath: String { TestEnvironment.packageRoot + "/Console/openapi.json" }

    static func document() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: documentPath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `GET /api/v1/console/globalSession/query`, … as documented.
    static func documentedOperations() throws -> [String: [String: Any]] {
        var operations: [String: [String: Any]] = [:]
        for (path, item) in try document()["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in item {
                operations["\(method.uppercased()) \(path)"] = operation as? [String: Any]
            }
        }
        return operations
    }

    /// No RM is ever called: the router is only listed.
    struct NoRM: BranchMessenger {
        struct Unreachable: Error {}
        func commit(_ branch: BranchSession) async throws -> BranchStatus { throw Unreachable() }
        func rollback(_ branch: BranchSession) async throws -> BranchStatus { throw Unreachable() }
        func deleteUndoLogs(saveDays: Int) async {}
    }

    @Test func theDescriptionListsExactlyTheConsoleRoutesTheRouterServes() async throws {
        let folder = NSTemporaryDirectory() + "openapi-" + UUID().uuidString
        let store = try FileStore.open(path: folder)
        let core = TransactionCoordinator(
            store: store,
            messenger: NoRM(),
            host: "127.0.0.1",
            port: 8091,
            ids: IdGenerator(workerId: 1)
        )
        let console = await OperatorConsole.make(settings: ConsoleSettings(), core: core, logger: Logger(label: "test"))
        let router = Router(context: OpsRequestContext.self)
        console.register(on: router)
        var served: Set<String> = []
        var page: Set<String> = []
        for route in router.routes where route.method != .head && route.method != .options {
            var path = route.path.description
            if !path.hasPrefix("/") { path = "/" + path }
            if path.hasPrefix("/api/") {
                served.insert("\(route.method) \(path)")
            } else {
                page.insert(path)
            }
        }
        let documented = Set(try Self.documentedOperations().keys)
        #expect(
            served == documented,
            "served, not documented: \(served.subtracting(documented)); documented, not served: \(documented.subtracting(served))"
        )
        #expect(page == Set(ConsolePage.routes.keys), "the page's files and nothing else outside /api")
        #expect(page.contains("/openapi.json") && page.contains("/"))
        await store.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func everyDocumentedOperationAnswersADocumentedStatusAsJSON() async throws {
        let scenario = try await ConsoleScenario.start("openapi")
        let console = scenario.console
        let served = try await console.send("GET", "/openapi.json", authorized: false)
        let committed = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        #expect(served.text == committed, "the binary serves the committed description")

        let values = [
            "xid": "127.0.0.1:1:1", "branchId": "1", "tableName": "t", "pk": "1", "resourceId": "r",
        ]
        for (operation, details) in try Self.documentedOperations().sorted(by: { $0.key < $1.key }) {
            let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
            let parameters = details["parameters"] as? [[String: Any]] ?? []
            var query: [String: String] = [:]
            for parameter in parameters where parameter["required"] as? Bool == true {
                let name = try #require(parameter["name"] as? String)
                query[name] = values[name] ?? "1"
            }
            let answer: ConsoleClient.Answer
            if parts[1] == "/api/v1/auth/login" {
                answer = try await console.send("POST", parts[1], json: ["username": "seata", "password": "seata"])
            } else {
                answer = try await console.send(parts[0], parts[1], query: query)
            }
            let documented = Set((details["responses"] as? [String: Any] ?? [:]).keys)
            #expect(documented.contains("\(answer.status)"), "\(operation) answered \(answer.status): \(answer.text)")
            #expect(answer.headers["content-type"] == "application/json", "\(operation)")
            #expect(answer.code == "\(answer.status)", "\(operation): the envelope's code is the status")
        }
        await scenario.stop()
    }
}
