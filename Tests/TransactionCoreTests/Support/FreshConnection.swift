import GRDB

/// Reads (or changes) the store's SQLite file through a connection of the test's own, as a
/// restarted coordinator or an operator would see it.
func withFreshConnection<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.inDatabase(body)
}

/// The value of a one-cell query through a fresh connection.
func scalar(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws -> Int? {
    try withFreshConnection(path) { try Int.fetchOne($0, sql: sql, arguments: arguments) }
}
