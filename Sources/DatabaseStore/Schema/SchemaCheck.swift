import Logging
import PostgresNIO

/// Compares the database's catalog with Seata's tables: which are missing, which columns differ.
enum SchemaCheck {
    /// A table's columns as the catalog has them, or nil when there is no such table.
    static func columns(of table: String, on connection: PostgresConnection) async throws -> [DatabaseSchema.Column]? {
        let exists = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT to_regclass($1::text) IS NOT NULL", binds: binds(table)),
            logger: ConnectionPool.quiet
        )
        var found = false
        for try await row in exists { found = try row.decode(Bool.self) }
        guard found else { return nil }
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull
                    FROM pg_attribute a
                    WHERE a.attrelid = to_regclass($1::text) AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY a.attnum
                    """,
                binds: binds(table)
            ),
            logger: ConnectionPool.quiet
        )
        var columns: [DatabaseSchema.Column] = []
        for try await row in rows {
            let (name, type, notNull) = try row.decode((String, String, Bool).self)
            columns.append(DatabaseSchema.Column(name, type, notNull: notNull))
        }
        return columns
    }

    /// What is wrong with the tables: the missing ones, and a line per table whose columns lack
    /// one of Seata's (extra columns are allowed, as Seata allows them).
    static func problems(
        _ tables: TableNames,
        on connection: PostgresConnection
    ) async throws -> (missing: [String], mismatched: [String]) {
        var missing: [String] = []
        var mismatched: [String] = []
        for table in DatabaseSchema.Table.allCases {
            let name = table.name(in: tables)
            guard let found = try await columns(of: name, on: connection) else {
                missing.append("\(name) (\(table.key))")
                continue
            }
            let byName = Dictionary(found.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for wanted in DatabaseSchema.columns[table] ?? [] {
                guard let have = byName[wanted.name] else {
                    mismatched.append("\(name) has no column \(wanted.name) (\(wanted.type))")
                    continue
                }
                if !compatible(have: have.type, wanted: wanted.type) {
                    mismatched.append("\(name).\(wanted.name) is \(have.type), Seata's is \(wanted.type)")
                }
            }
        }
        return (missing, mismatched)
    }

    /// Types that hold what Seata's do: the same, or a wider varchar or timestamp.
    private static func compatible(have: String, wanted: String) -> Bool {
        if have == wanted { return true }
        func width(_ type: String, _ prefix: String) -> Int? {
            guard type.hasPrefix(prefix + "("), let close = type.firstIndex(of: ")") else { return nil }
            return Int(type[type.index(type.startIndex, offsetBy: prefix.count + 1)..<close])
        }
        if let wantedWidth = width(wanted, "character varying") {
            if have == "text" || have == "character varying" { return true }
            return (width(have, "character varying") ?? -1) >= wantedWidth
        }
        if wanted.hasPrefix("timestamp") { return have.hasPrefix("timestamp") }
        return false
    }

    private static func binds(_ text: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(text)
        return binds
    }
}
