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
        case leased(PostgresConnection)
        case finished
        case timedOut
    }

    /// One call's lease state, shared by its two racing tasks.
    private final class LeaseState: Sendable {
        let value = Mutex(Lease.waiting)
    }

    /// How long a call may run on its connection before the connection is closed under it.
    ///
    /// A statement on a connection whose server went away (stopped, restarted) has been seen
    /// never to finish; the call holds its xid's lock meanwhile, so that session would wait
    /// forever. Closing the connection fails the statement, the caller sees a store failure,
    /// and the recovery jobs take the session up again. No statement of the store runs
    /// anywhere near this long on a live database.
    static let callBound: Duration = .seconds(30)

    let client: PostgresClient
    let maxWait: Duration
    let endpoint: String
    private let logger: Logger
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
        self.logger = logger
        runner = Task { [client] in await client.run() }
    }

    /// Runs `body` on a pooled connection, failing with `WaitTimeout` when none is free within
    /// `maxWait` (0: wait as long as it takes).
    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard maxWait > .zero else { return try await client.withConnection { try await body($0) } }
        // Closing a stuck call's connection has been seen not to end the call either: past the
        // bound the caller gets a failure and goes on; the stuck task is left to end when it can.
        let call = Task { try await self.leased(body) }
        // The first of the call's result and its bound; the other is dropped.
        let (outcomes, outcome) = AsyncStream.makeStream(
            of: Swift.Result<Result, any Error>.self,
            bufferingPolicy: .bufferingOldest(1)
        )
        let waiter = Task { outcome.yield(await call.result) }
        let timer = Task {
            try await Task.sleep(for: max(Self.callBound, self.maxWait) + .seconds(2))
            outcome.yield(.failure(StuckCall(bound: max(Self.callBound, self.maxWait), endpoint: self.endpoint)))
            call.cancel()
        }
        defer {
            timer.cancel()
            waiter.cancel()
            outcome.finish()
        }
        for await first in outcomes { return try first.get() }
        // The stream ends early only when the caller is cancelled.
        throw CancellationError()
    }

    /// A call still running on its connection past `callBound`.
    struct StuckCall: Error, CustomStringConvertible {
        var bound: Duration
        var endpoint: String

        var description: String {
            "a call to \(endpoint) did not finish within \(bound.millisecondsText); the connection was given up"
        }
    }

    /// Runs `body` on a pooled connection leased within `maxWait`, closing the connection under
    /// it past `callBound`.
    private func leased<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let lease = LeaseState()
        let bound = max(Self.callBound, maxWait)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
                    // Once the wait has timed out, the call has failed: it must not run late.
                    let late = lease.value.withLock { state in
                        guard case .waiting = state else { return true }
                        state = .leased(connection)
                        return false
                    }
                    if late { throw WaitTimeout(maxWait: self.maxWait, endpoint: self.endpoint) }
                    defer { lease.value.withLock { $0 = .finished } }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: self.maxWait)
                let timedOut = lease.value.withLock { state in
                    guard case .waiting = state else { return false }
                    state = .timedOut
                    return true
                }
                if timedOut { throw WaitTimeout(maxWait: self.maxWait, endpoint: self.endpoint) }
                try await Task.sleep(for: bound - self.maxWait)
                let stuck: PostgresConnection? = lease.value.withLock { state in
                    guard case .leased(let connection) = state else { return nil }
                    return connection
                }
                if let stuck {
                    self.logger.warning(
                        "A session database call did not finish within \(bound.millisecondsText); closing its connection to \(self.endpoint)"
                    )
                    try? await stuck.close()
                }
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
    ///
    /// Not `flushed`: the commit returns without waiting for its WAL flush
    /// (`synchronous_commit` off for this transaction only). Others see the change at once and
    /// PostgreSQL flushes it within a few `wal_writer_delay`s; a crash of the database server
    /// in between loses it, a crash of the coordinator does not.
    func withTransaction<Result: Sendable>(
        flushed: Bool = true,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: Self.quiet)
            do {
                if !flushed { try await connection.query("SET LOCAL synchronous_commit TO off", logger: Self.quiet) }
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
