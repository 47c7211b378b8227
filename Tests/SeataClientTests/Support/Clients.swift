import Logging
import SeataClient

/// Clients for the tests: short reconnect delays, everything else as configured by the test.
enum Clients {
    static func configuration(_ adjust: (inout SeataClientConfiguration) -> Void = { _ in }) -> SeataClientConfiguration
    {
        var configuration = SeataClientConfiguration(applicationId: "test-app", transactionServiceGroup: "test-group")
        configuration.minimumReconnectDelay = .milliseconds(20)
        configuration.maximumReconnectDelay = .milliseconds(200)
        configuration.tmRequestTimeout = .seconds(10)
        configuration.rmRequestTimeout = .seconds(10)
        adjust(&configuration)
        return configuration
    }

    static var logger: Logger {
        var logger = Logger(label: "seata-client-test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` with a started client of `coordinators`, and shuts it down however `body` ends.
    @discardableResult
    static func with<Result>(
        _ coordinators: [TestCoordinator],
        resources: [ResourceHandler] = [],
        undoLogDelete: UndoLogDeleteHandler? = nil,
        start: Bool = true,
        configuration: SeataClientConfiguration = Clients.configuration(),
        _ body: (SeataClient) async throws -> Result
    ) async throws -> Result {
        let client = SeataClient(
            configuration: configuration,
            discovery: StaticCoordinators(coordinators.map(\.address)),
            resources: resources,
            undoLogDelete: undoLogDelete,
            logger: logger
        )
        do {
            // Registration normally takes milliseconds; the whole suite runs in parallel with
            // the others on a shared 2-core box, where a connection attempt has taken over 10 s.
            if start { try await client.start(timeout: .seconds(30)) }
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
