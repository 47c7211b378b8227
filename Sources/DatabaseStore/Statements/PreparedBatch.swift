import PostgresNIO

/// The batch statements, prepared once per connection: PostgreSQL parses and plans each once
/// instead of at every call (parsing and planning these CTEs was half of its CPU under load).
///
/// postgres-nio keys a prepared statement by a static name with static SQL, while ours depend
/// on the configured table names (`store.db.*Table`). The task-local `PreparedBatch.statements`
/// carries the call's `BatchSQL` into those static requirements, and the name carries a digest
/// of the table names, so two namings in one process never share a prepared statement.
struct PreparedBatch<Kind: BatchStatementKind>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { "seata_\(Kind.self)_\(BatchSQL.current?.digest ?? "none")" }
    // A statement run outside `execute` has no SQL; the server refuses the empty text.
    static var sql: String { BatchSQL.current?[keyPath: Kind.text] ?? "" }

    var bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// One of `BatchSQL`'s statements, as a type (postgres-nio names prepared statements by type).
protocol BatchStatementKind: Sendable {
    static var text: KeyPath<BatchSQL, String> { get }
}

extension BatchSQL {
    /// The rows a batch statement answers.
    typealias BatchRows = AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>

    /// The statements of the call being prepared or executed (see `PreparedBatch`).
    @TaskLocal static var current: BatchSQL?

    enum InsertGlobals: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.insertGlobals } }
    enum SelectSessions: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.selectSessions } }
    enum SelectBranchesOfMany: BatchStatementKind {
        static var text: KeyPath<BatchSQL, String> { \.selectBranchesOfMany }
    }
    enum SelectLocksOfMany: BatchStatementKind {
        static var text: KeyPath<BatchSQL, String> { \.selectLocksOfMany }
    }
    enum InsertBranches: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.insertBranches } }
    enum InsertBranchesOfOne: BatchStatementKind {
        static var text: KeyPath<BatchSQL, String> { \.insertBranchesOfOne }
    }
    enum UpdateStatuses: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.updateStatuses } }
    enum UpdateStatusOfOne: BatchStatementKind {
        static var text: KeyPath<BatchSQL, String> { \.updateStatusOfOne }
    }
    enum ReleaseOrMarkLocks: BatchStatementKind {
        static var text: KeyPath<BatchSQL, String> { \.releaseOrMarkLocks }
    }
    enum DeleteGlobals: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.deleteGlobals } }
    enum EndGlobals: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.endGlobals } }
    enum EndGlobalOfOne: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.endGlobalOfOne } }
    enum DeleteBranchesAndLocksOfXids: BatchStatementKind {
        static var text: KeyPath<BatchSQL, String> { \.deleteBranchesAndLocksOfXids }
    }
    enum DeleteBranches: BatchStatementKind { static var text: KeyPath<BatchSQL, String> { \.deleteBranches } }

    /// Runs the prepared `kind` with `binds` on `connection`, and reads its rows with `read`.
    ///
    /// A statement the server refuses to prepare or to run as prepared (a table missing or
    /// altered: SQLSTATE classes 42 and 0A, or 26) closes the connection: postgres-nio keeps a
    /// failed preparation for the connection's life, and a fresh connection prepares anew.
    func run<Kind: BatchStatementKind, Result>(
        _ kind: Kind.Type,
        _ binds: PostgresBindings,
        on connection: PostgresConnection,
        read: (BatchRows) async throws -> Result
    ) async throws -> Result {
        do {
            let rows = try await BatchSQL.$current.withValue(self) {
                try await connection.execute(PreparedBatch<Kind>(bindings: binds), logger: ConnectionPool.quiet)
            }
            return try await read(rows)
        } catch let error as PSQLError {
            let state = error.serverInfo?[.sqlState] ?? ""
            if state.hasPrefix("42") || state.hasPrefix("0A") || state.hasPrefix("26") {
                try? await connection.close()
            }
            throw error
        }
    }

    /// Runs the prepared `kind` for its effect, its rows (if any) read and dropped.
    func run<Kind: BatchStatementKind>(
        _ kind: Kind.Type,
        _ binds: PostgresBindings,
        on connection: PostgresConnection
    ) async throws {
        try await run(kind, binds, on: connection) { rows in for try await _ in rows {} }
    }

    /// A digest of the table names, for prepared statements' names (FNV-1a, 64 bits).
    static func digest(_ tables: TableNames) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in tables.all.map(\.name).joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
