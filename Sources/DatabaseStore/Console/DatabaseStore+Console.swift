import PostgresNIO
public import TransactionCore

/// The console's queries on Seata's tables, each page and its count read from one snapshot
/// (a read-only repeatable-read transaction), so the total agrees with the page even while
/// other coordinators write.
///
/// Each first lets the ends of sessions under way here reach the database (`BackgroundEnds`,
/// a few milliseconds), so a session answered as ended, to a TM or to an operator, is not
/// listed after that answer.
extension DatabaseStore: ConsoleSessionStore {
    /// How long a console read waits for the ends under way.
    static let consoleSettle: Duration = .seconds(1)

    /// `SELECT … FROM global_table WHERE … ORDER BY begin_time DESC, xid DESC LIMIT … OFFSET …`,
    /// its count, and the branches of the page (with their lock keys) when asked for.
    public func sessions(matching query: ConsoleSessionQuery) async throws -> ConsolePage<GlobalSession> {
        await backgroundEnds.settle(within: Self.consoleSettle)
        var filter = ConsoleFilter()
        filter.equal("xid", query.xid)
        filter.equal("application_id", query.applicationId)
        filter.equal("status", query.status.map { Int16($0.rawValue) })
        filter.equal("transaction_name", query.transactionName)
        filter.equal("transaction_service_group", query.transactionServiceGroup)
        filter.began(from: query.beganFrom, until: query.beganUntil)
        let table = settings.tables.global
        let page = filter.page(
            "SELECT \(StoreSQL.globalColumns) FROM \(table)",
            order: "begin_time DESC, xid DESC",
            offset: query.offset,
            limit: query.limit
        )
        let count = filter.count(from: table)
        let batch = batches.sql
        return try await snapshot { connection in
            var sessions: [GlobalSession] = []
            for try await row in try await connection.query(page, logger: ConnectionPool.quiet) {
                sessions.append(try Rows.global(row))
            }
            if query.withBranches {
                try await Self.attachBranches(to: &sessions, lockKeys: true, sql: batch, on: connection)
            }
            return ConsolePage(items: sessions, total: try await Self.total(count, on: connection))
        }
    }

    /// `SELECT … FROM lock_table WHERE … ORDER BY transaction_id DESC, row_key LIMIT … OFFSET …`
    /// and its count; the time filters select the locks' sessions by their begin time.
    public func locks(matching query: ConsoleLockQuery) async throws -> ConsolePage<RowLock> {
        await backgroundEnds.settle(within: Self.consoleSettle)
        var filter = ConsoleFilter()
        filter.equal("xid", query.xid)
        filter.equal("table_name", query.tableName)
        filter.equal("transaction_id", query.transactionId)
        filter.equal("branch_id", query.branchId)
        filter.equal("pk", query.pk)
        filter.equal("resource_id", query.resourceId)
        filter.sessionsBegan(from: query.beganFrom, until: query.beganUntil, in: settings.tables.global)
        let table = settings.tables.lock
        let page = filter.page(
            "SELECT \(StoreSQL.lockColumns) FROM \(table)",
            order: "transaction_id DESC, row_key",
            offset: query.offset,
            limit: query.limit
        )
        let count = filter.count(from: table)
        return try await snapshot { connection in
            var locks: [RowLock] = []
            for try await row in try await connection.query(page, logger: ConnectionPool.quiet) {
                locks.append(try Rows.lock(row))
            }
            return ConsolePage(items: locks, total: try await Self.total(count, on: connection))
        }
    }

    /// `DELETE FROM lock_table WHERE row_key = ? AND xid = ?` (Seata's own statement).
    public func releaseLock(rowKey: String, xid: String, durability: Durability) async throws -> Bool {
        var binds = PostgresBindings(capacity: 2)
        binds.append(rowKey)
        binds.append(xid)
        return try await run(sql.releaseLock, binds) { try await Self.count($0) > 0 }
    }

    /// Runs `body` in a read-only transaction that sees one snapshot of the tables.
    private func snapshot<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await transaction { connection in
            try await connection.query(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                logger: ConnectionPool.quiet
            )
            return try await body(connection)
        }
    }

    private static func total(_ count: PostgresQuery, on connection: PostgresConnection) async throws -> Int {
        var total: Int64 = 0
        for try await row in try await connection.query(count, logger: ConnectionPool.quiet) {
            total = try row.decode(Int64.self)
        }
        return Int(total)
    }
}

/// The `WHERE` of a console query: one condition per filter that is set, each value bound.
struct ConsoleFilter {
    private enum Value {
        case text(String)
        case number(Int64)
        case small(Int16)
    }

    private var conditions: [String] = []
    private var values: [Value] = []

    private var next: String { "$\(values.count + 1)" }

    mutating func equal(_ column: String, _ value: String?) {
        guard let value else { return }
        conditions.append("\(column) = \(next)")
        values.append(.text(value))
    }

    mutating func equal(_ column: String, _ value: Int64?) {
        guard let value else { return }
        conditions.append("\(column) = \(next)")
        values.append(.number(value))
    }

    mutating func equal(_ column: String, _ value: Int16?) {
        guard let value else { return }
        conditions.append("\(column) = \(next)")
        values.append(.small(value))
    }

    /// Sessions begun in the range; Seata compares begin times in whole seconds.
    mutating func began(from: Int64?, until: Int64?) {
        conditions.append(contentsOf: beginConditions(from: from, until: until))
    }

    /// Rows whose session (by `xid`, in `globalTable`) began in the range.
    mutating func sessionsBegan(from: Int64?, until: Int64?, in globalTable: String) {
        let range = beginConditions(from: from, until: until)
        guard !range.isEmpty else { return }
        conditions.append("xid IN (SELECT xid FROM \(globalTable) WHERE \(range.joined(separator: " AND ")))")
    }

    private mutating func beginConditions(from: Int64?, until: Int64?) -> [String] {
        var range: [String] = []
        if let from {
            range.append("begin_time / 1000 >= \(next)::bigint / 1000")
            values.append(.number(from))
        }
        if let until {
            range.append("begin_time / 1000 <= \(next)::bigint / 1000")
            values.append(.number(until))
        }
        return range
    }

    private var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    private func bindings(extra: [Int64] = []) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count + extra.count)
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .number(let number): binds.append(number)
            case .small(let small): binds.append(small)
            }
        }
        for number in extra { binds.append(number) }
        return binds
    }

    /// `select` with the conditions, in `order`, one page of it.
    func page(_ select: String, order: String, offset: Int, limit: Int) -> PostgresQuery {
        let limitAt = values.count + 1
        return PostgresQuery(
            unsafeSQL: "\(select)\(whereClause) ORDER BY \(order) LIMIT $\(limitAt) OFFSET $\(limitAt + 1)",
            binds: bindings(extra: [Int64(max(0, limit)), Int64(max(0, offset))])
        )
    }

    /// How many rows of `table` the conditions match.
    func count(from table: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)\(whereClause)", binds: bindings())
    }
}
