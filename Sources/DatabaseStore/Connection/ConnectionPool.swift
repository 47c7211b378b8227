import EventLoopExecutor
import Logging
import PostgresNIO

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
    private let calls = CallWatch()
    private let watchdog: Task<Void, Never>

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
        // No keep-alive query: postgres-nio arms a timer each time a connection goes back to the
        // pool (a task, and a Dispatch timer that stays armed for the whole period after it is
        // cancelled), which was a tenth of the coordinator's CPU at a thousand transactions a
        // second. A connection the network dropped fails the call that next uses it (at
        // `callBound` at worst, see `CallWatch`) and is replaced; the recovery jobs take up
        // what that call left.
        configuration.options.keepAliveBehavior = nil
        client = PostgresClient(
            configuration: configuration,
            eventLoopGroup: SpreadLoops(base: PostgresClient.defaultEventLoopGroup),
            backgroundLogger: logger
        )
        maxWait = settings.maxWait
        endpoint = settings.url.endpoint
        self.logger = logger
        runner = Task { [client] in await client.run() }
        let bounds = CallWatch.Bounds(
            maxWait: settings.maxWait,
            callBound: max(Self.callBound, settings.maxWait),
            endpoint: settings.url.endpoint
        )
        watchdog = Task { [calls, logger] in await calls.watch(bounds, logger: logger) }
    }

    /// Runs `body` on a pooled connection, failing with `WaitTimeout` when none is free within
    /// `maxWait` (0: wait as long as it takes), and with `StuckCall` when it runs on past
    /// `callBound` (its connection is closed under it at the bound).
    ///
    /// The call runs in a task of its own, so its caller can go on even when it never ends
    /// (closing a stuck call's connection has been seen not to end the call either); one
    /// watchdog per pool keeps the bounds for every call, so a call costs no timers.
    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard maxWait > .zero else { return try await client.withConnection { try await Self.onItsLoop($0, body) } }
        let calls = calls
        let client = client
        let maxWait = maxWait
        let endpoint = endpoint
        return try await withCheckedThrowingContinuation { continuation in
            let id = calls.register { continuation.resume(throwing: $0) }
            let call = Task {
                let outcome: Swift.Result<Result, any Error>
                do {
                    outcome = .success(
                        try await client.withConnection { connection in
                            // Timed out while waiting: the call has failed and must not run late.
                            guard calls.leased(id, connection) else {
                                throw WaitTimeout(maxWait: maxWait, endpoint: endpoint)
                            }
                            return try await Self.onItsLoop(connection, body)
                        }
                    )
                } catch {
                    outcome = .failure(error)
                }
                // Whoever ends the record answers the caller: the call, or the watchdog before it.
                if calls.end(id) { continuation.resume(with: outcome) }
            }
            calls.attach(id, call)
        }
    }

    /// Runs `body` on `connection`'s event loop, so its statements' writes and answers stay on one
    /// thread (see `EventLoopTaskExecutor`).
    private static func onItsLoop<Result: Sendable>(
        _ connection: PostgresConnection,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
            try await body(connection)
        }
    }

    /// A call still running on its connection past `callBound`.
    struct StuckCall: Error, CustomStringConvertible {
        var bound: Duration
        var endpoint: String

        var description: String {
            "a call to \(endpoint) did not finish within \(bound.millisecondsText); the connection was given up"
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
        watchdog.cancel()
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

/// What a store connection sends at startup: the planner settings below, and what the URL's
/// parameters ask for.
enum ConnectionParameters {
    /// How PostgreSQL plans the store's statements on its connections.
    ///
    /// - `plan_cache_mode = force_generic_plan`: the hot statements are prepared once per
    ///   connection, but with array parameters PostgreSQL's default keeps making a custom plan at
    ///   every execution (it prices the generic one worse), and planning was a third of its CPU
    ///   under load.
    /// - `enable_seqscan = off`: the tables are queues, a few live rows among many dead ones
    ///   until a vacuum, and a plan made while a table looked empty (at startup, or after a
    ///   vacuum) scans it whole, dead rows and all, at every call for as long as the plan is
    ///   cached. Every statement of the store has an index path (`BatchSQL`); a query without
    ///   one still gets its sequential scan.
    /// - `jit = off`: a sequential scan priced as disabled costs over PostgreSQL's JIT
    ///   thresholds, so the few queries without an index path (the live-coordinator read of the
    ///   retry jobs, a `LIKE` on `distributed_lock`'s handful of rows) were compiled at every
    ///   call: 80–110 ms of the server's CPU each, a sixth of a core at two calls a second. The
    ///   store's statements touch a few rows each; JIT never pays for itself on them.
    ///
    /// All need PostgreSQL 12 or later.
    static let planning: [(String, String)] = [
        ("plan_cache_mode", "force_generic_plan"),
        ("enable_seqscan", "off"),
        ("jit", "off"),
    ]

    static func startup(_ url: JDBCURL) -> [(String, String)] {
        var parameters = planning
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
