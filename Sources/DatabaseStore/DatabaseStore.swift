public import Logging
import PostgresNIO
import Synchronization
public import TransactionCore

/// `store.mode=db`: the session store in PostgreSQL, in Seata's tables, shared by every
/// coordinator pointed at the same database.
///
/// Nothing is cached: every call reads or writes the tables, so what one coordinator decides
/// the others see at once. Status changes are compare-and-set (`… AND status = expected`);
/// a branch registration locks its global row and writes a new version of it, so a decision
/// taken by another coordinator waits for it or refuses it, and a decision from Begin taken on
/// an older version (`GlobalSession.storeRevision`) fails and is taken again. Every write is committed before the call returns,
/// so every coordinator sees it. `answer` and `decision` writes also wait for their WAL flush
/// (as PostgreSQL's `synchronous_commit` says); `deferred` ones (phase-two progress: a branch
/// removed, a decided session ended) do not, since losing one in a crash of the database
/// server only sends phase two again. Concurrent calls of a kind go out together
/// (`SessionBatches`).
///
/// Job leases live in `distributed_lock` with the database's clock. The same table holds one
/// `WorkerId-<n>` row per running coordinator (see `InstanceLease`): it gives each coordinator
/// a distinct snowflake worker id and tells the others whether it is alive.
public final class DatabaseStore: SessionStore {
    /// The connection settings (`description` has no password).
    public let settings: DatabaseSettings
    /// Always false: other coordinators may share the tables.
    public let isExclusive = false
    /// The highest transaction or branch id in the tables at open (for `IdGenerator(notBefore:)`).
    public let largestId: Int64

    let pool: ConnectionPool
    let sql: StoreSQL
    let batches: SessionBatches
    /// The sessions this store opened, for decisions without a read.
    let copies = SessionCopies()
    /// Ends of sessions past phase two, at the database while their TMs have their answers.
    let backgroundEnds: BackgroundEnds
    let logger: Logger
    private let closed = Atomic<Bool>(false)

    private init(settings: DatabaseSettings, pool: ConnectionPool, largestId: Int64, logger: Logger) {
        self.settings = settings
        self.pool = pool
        let sql = StoreSQL(settings.tables)
        self.sql = sql
        self.batches = SessionBatches(pool: pool, sql: sql, batch: BatchSQL(settings.tables))
        self.largestId = largestId
        self.logger = logger
        self.backgroundEnds = BackgroundEnds(logger: logger)
    }

    /// Connects, checks Seata's tables and opens the pool.
    ///
    /// - Throws: `DatabaseStoreError`: `unreachable` within `settings.connectTimeout`,
    ///   `authentication`, `missingSchema` (with the tables' names), `configuration`.
    public static func open(
        _ settings: DatabaseSettings,
        logger: Logger = Logger(label: "coordinator.store")
    ) async throws(DatabaseStoreError) -> DatabaseStore {
        try validateNames(settings.tables)
        let tables = settings.tables
        let sql = StoreSQL(tables)
        let (problems, largest) = try await ServerProbe.withConnection(settings, logger: logger) { connection in
            let problems = try await SchemaCheck.problems(tables, on: connection)
            guard problems.missing.isEmpty, problems.mismatched.isEmpty else { return (problems, Int64(0)) }
            var largest: Int64 = 0
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: sql.largestId),
                logger: ConnectionPool.quiet
            ) {
                largest = try row.decode(Int64?.self) ?? 0
            }
            return (problems, largest)
        }
        if !problems.missing.isEmpty {
            throw DatabaseStoreError(
                .missingSchema,
                problem: "\(settings) lacks Seata's tables: \(problems.missing.joined(separator: ", "))",
                action:
                    "apply \(DatabaseSchema.scriptPath) (psql -v ON_ERROR_STOP=1 -f \(DatabaseSchema.scriptPath)), or run coordinator --init-store with the same settings",
                missingTables: problems.missing
            )
        }
        if !problems.mismatched.isEmpty {
            throw DatabaseStoreError(
                .missingSchema,
                problem:
                    "\(settings) has tables that differ from Seata's: \(problems.mismatched.joined(separator: "; "))",
                action:
                    "alter the tables to Seata's columns (\(DatabaseSchema.scriptPath) has them), or point store.db.*Table at tables that have them"
            )
        }
        let pool = ConnectionPool(
            settings: settings,
            tls: TransportSecurity.poolTLS(settings.url.sslMode),
            logger: logger
        )
        return DatabaseStore(settings: settings, pool: pool, largestId: largest, logger: logger)
    }

    /// Creates Seata's tables (and the seeded lease rows) where they are missing, in one
    /// transaction: either all of them exist afterwards or nothing was created.
    ///
    /// - Returns: The tables that were created (configured names); empty when all existed.
    /// - Throws: `DatabaseStoreError` as `open`, or `failed` when the DDL was refused (nothing
    ///   is left behind).
    public static func initialize(
        _ settings: DatabaseSettings,
        logger: Logger = Logger(label: "coordinator.store")
    ) async throws(DatabaseStoreError) -> [String] {
        try validateNames(settings.tables)
        let tables = settings.tables
        do {
            return try await ServerProbe.withConnection(settings, logger: logger) { connection in
                var missing: [String] = []
                for table in DatabaseSchema.Table.allCases {
                    let name = table.name(in: tables)
                    if try await SchemaCheck.columns(of: name, on: connection) == nil { missing.append(name) }
                }
                try await connection.query("BEGIN", logger: ConnectionPool.quiet)
                do {
                    for statement in DatabaseSchema.statements(for: tables) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: ConnectionPool.quiet)
                    }
                    try await connection.query("COMMIT", logger: ConnectionPool.quiet)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: ConnectionPool.quiet)
                    throw SchemaRefused(reason: StoreFailure.describe(error))
                }
                return missing
            }
        } catch let error where error.kind == .failed {
            throw DatabaseStoreError(
                .failed,
                problem: "\(settings): the tables could not be created (\(error.problem)); nothing was created",
                action:
                    "grant the user CREATE on the database's schema, or have an administrator apply \(DatabaseSchema.scriptPath)"
            )
        }
    }

    private struct SchemaRefused: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    private static func validateNames(_ tables: TableNames) throws(DatabaseStoreError) {
        for (key, name) in tables.all where !TableNames.isPlainIdentifier(name) {
            throw DatabaseStoreError(
                .configuration,
                problem: "\(key)='\(name)' is not a plain table name (letters, digits and _, optionally schema.table)",
                action:
                    "set \(key) to a name such as \(TableNames().all.first { $0.key == key }?.name ?? "global_table")"
            )
        }
    }

    /// Waits (a few seconds at most) for the ends still at the database, then closes the pool.
    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await backgroundEnds.drain(within: .seconds(5))
        await pool.close()
    }

    /// One round trip to the server (`/ready` and the health watch).
    ///
    /// - Throws: `StoreFailure` when the database does not answer within `store.db.maxWait`.
    public func ping() async throws {
        try await run("SELECT 1") { _ in }
    }

    // MARK: - Running statements

    /// Runs one statement on a pooled connection and hands its rows to `read`.
    func run<Result: Sendable>(
        _ text: String,
        _ binds: PostgresBindings = PostgresBindings(),
        read: @escaping @Sendable (PostgresRowSequence) async throws -> Result
    ) async throws -> Result {
        do {
            return try await pool.withConnection { connection in
                try await read(
                    try await connection.query(
                        PostgresQuery(unsafeSQL: text, binds: binds),
                        logger: ConnectionPool.quiet
                    )
                )
            }
        } catch {
            throw StoreFailure(error, endpoint: settings.url.endpoint)
        }
    }

    /// Submits `input` to its batch, failures as `StoreFailure`.
    func batched<Input: Sendable, Output: Sendable>(
        _ batcher: StatementBatcher<Input, Output>,
        _ input: Input
    ) async throws -> Output {
        do {
            return try await batcher.submit(input)
        } catch {
            throw StoreFailure(error, endpoint: settings.url.endpoint)
        }
    }

    /// Runs `body` in one transaction.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await pool.withTransaction(body)
        } catch let refusal as BranchRefusal {
            throw refusal
        } catch {
            throw StoreFailure(error, endpoint: settings.url.endpoint)
        }
    }

    /// How many rows a statement returned.
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}

/// A store call that failed at the database, with PostgreSQL's own reason (never a password:
/// postgres-nio's error text is redacted, so the reason is rebuilt from the server's fields).
public struct StoreFailure: Error, Sendable, CustomStringConvertible {
    /// What failed, for logs and failed results.
    public var description: String

    init(_ error: any Error, endpoint: String) {
        description = "PostgreSQL \(endpoint): \(Self.describe(error))"
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? StoreFailure { return failure.description }
        if let wait = error as? ConnectionPool.WaitTimeout { return wait.description }
        if let stuck = error as? ConnectionPool.StuckCall { return stuck.description }
        if let psql = error as? PSQLError {
            if psql.code == .server, let info = psql.serverInfo {
                return "\(info[.message] ?? "error") (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            if let underlying = psql.underlying { return "\(psql.code): \(ServerProbe.reason(underlying))" }
            return "\(psql.code)"
        }
        return ServerProbe.reason(error)
    }
}

/// A branch refused inside its transaction (rolled back), with the answer to give.
struct BranchRefusal: Error {
    var insertion: BranchInsertion
}
