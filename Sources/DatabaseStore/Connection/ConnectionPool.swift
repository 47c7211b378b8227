import Logging
import PostgresNIO
import Synchronization

/// postgres-nio's pool with the store's bounds: `store.db.minConn`/`maxConn`, and a call that
/// gets no connection within `store.db.maxWait` fails (postgres-nio itself would wait for as
/// long as the server stays away).
final class ConnectionPool: Sendable {
    /// No pooled connection within `store.db.maxWait`.
    struct WaitTimeout: Error, CustomStringConvertible {
        var maxWait: Duration
        var endpoint: String

        var description: String {
            "no database connection to \(endpoint) within store.db.maxWait (\(maxWait.millisecondsText))"
        }
    }

    private enum Lease {
        case waiting
        case leased
        case timedOut
    }

    /// One call's lease state, shared by its two racing tasks.
    private final class LeaseState: Sendable {
        let value = Mutex(Lease.waiting)
    }

    let client: PostgresClient
    let maxWait: Duration
    let endpoint: String
    private let runner: Task<Void, Never>

    init(settings: DatabaseSettings, tls: PostgresClient.Configuration.TLS, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: settings.url.host,
            port: settings.url.port,
            username: settings.user,
            password: settings.password?.isEmpty == false ? settings.password : nil,
            database: settings.url.database,
            tls: tls
        )
        let maximum = max(1, settings.maxConnections)
        configuration.options.maximumConnections = maximum
        // postgres-nio wants the minimum below the maximum.
        configuration.options.minimumConnections = min(max(0, settings.minConnections), maximum - 1)
        configuration.options.connectTimeout = settings.connectTimeout
        configuration.options.additionalStartupParameters = ConnectionParameters.startup(settings.url)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        maxWait = settings.maxWait
        endpoint = settings.url.endpoint
        runner = Task { [client] in await client.run() }
    }

    /// Runs `body` on a pooled connection, failing with `WaitTimeout` when none is free within
    /// `maxWait` (0: wait as long as it takes).
    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard maxWait > .zero else { return try await client.withConnection { try await body($0) } }
        let lease = LeaseState()
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
                    // Once the wait has timed out, the call has failed: it must not run late.
                    let late = lease.value.withLock { state in
                        guard state == .waiting else { return true }
                        state = .leased
                        return false
                    }
                    if late { throw WaitTimeout(maxWait: self.maxWait, endpoint: self.endpoint) }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: self.maxWait)
                let timedOut = lease.value.withLock { state in
                    guard state == .waiting else { return false }
                    state = .timedOut
                    return true
                }
                if timedOut { throw WaitTimeout(maxWait: self.maxWait, endpoint: self.endpoint) }
                return nil
            }
            while let next = try await group.next() {
                if let result = next {
                    group.cancelAll()
                    return result
                }
            }
            throw WaitTimeout(maxWait: maxWait, endpoint: endpoint)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func withTransaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: Self.quiet)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: Self.quiet)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: Self.quiet)
                throw error
            }
        }
    }

    /// Stops the pool and closes its connections.
    func close() async {
        runner.cancel()
        await runner.value
    }

    /// postgres-nio logs each query at debug on the logger given; the store logs what matters.
    static let quiet: Logger = {
        var logger = Logger(label: "coordinator.store.query")
        logger.logLevel = .critical
        return logger
    }()
}

/// What the URL's parameters send at connection startup.
enum ConnectionParameters {
    static func startup(_ url: JDBCURL) -> [(String, String)] {
        var parameters: [(String, String)] = []
        if let name = url.parameter("ApplicationName") { parameters.append(("application_name", name)) }
        if let schema = url.parameter("currentSchema") { parameters.append(("search_path", schema)) }
        return parameters
    }
}

extension Duration {
    /// `1500 ms`.
    var millisecondsText: String {
        let (seconds, attoseconds) = components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
