import CoordinatorTestSupport
import Foundation
import SeataClient
import SeataProtocol
import Testing

/// A coordinator for a console test, with an operator logged in.
struct ConsoleScenario {
    /// Short job periods, so retries show within a test.
    static let quickJobs = [
        "server.recovery.committingRetryPeriod": "200",
        "server.recovery.rollbackingRetryPeriod": "200",
        "server.recovery.timeoutRetryPeriod": "100",
        "server.recovery.asyncCommittingRetryPeriod": "200",
    ]

    let coordinator: RunningCoordinator
    var console: ConsoleClient

    static func start(
        _ name: String,
        store: StoreKind = .file,
        extra: [String: String] = [:],
        arguments: [String] = [],
        environment: [String: String?] = [:],
        login: Bool = true
    ) async throws -> ConsoleScenario {
        var keys = quickJobs
        for (key, value) in extra { keys[key] = value }
        let coordinator = try await RunningCoordinator.start(
            "console-\(name)",
            store: store,
            extra: keys,
            arguments: arguments,
            environment: environment
        )
        var console = ConsoleClient(coordinator)
        if login {
            let answer = try await console.login()
            #expect(answer.status == 200, "\(answer)")
        }
        return ConsoleScenario(coordinator: coordinator, console: console)
    }

    /// A TM+RM client of the coordinator under `application`, with `resources`.
    func client(_ application: String = "shop", resources: [ResourceHandler] = []) async throws -> SeataClient {
        try await SeataClient.started(coordinator.address, application: application, resources: resources)
    }

    func stop() async { await coordinator.stop() }
}
