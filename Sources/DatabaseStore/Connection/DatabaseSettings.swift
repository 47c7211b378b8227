/// Everything the db store needs to reach PostgreSQL and find its tables: `store.db.*`, typed.
///
/// The password is held here and handed to the driver only; `description` and every error this
/// module makes leave it out.
public struct DatabaseSettings: Sendable, CustomStringConvertible {
    /// `store.db.url`, parsed.
    public var url: JDBCURL
    /// `store.db.user`.
    public var user: String
    /// `store.db.password` (nil or empty: no password is sent).
    public var password: String?
    /// `store.db.minConn`: connections kept open when idle.
    public var minConnections: Int
    /// `store.db.maxConn`: the pool's bound.
    public var maxConnections: Int
    /// `store.db.maxWait`: how long a store call waits for a pooled connection before it fails.
    public var maxWait: Duration
    /// How long to wait for the server at startup and for each new connection: the URL's
    /// `connectTimeout`, else `maxWait` (at least one second).
    public var connectTimeout: Duration
    /// The table names (`store.db.globalTable`, …).
    public var tables: TableNames

    /// Makes settings; `connectTimeout` defaults as described there.
    public init(
        url: JDBCURL,
        user: String,
        password: String?,
        minConnections: Int = 10,
        maxConnections: Int = 100,
        maxWait: Duration = .seconds(5),
        tables: TableNames = TableNames()
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.minConnections = minConnections
        self.maxConnections = maxConnections
        self.maxWait = maxWait
        self.connectTimeout = url.connectTimeout ?? max(maxWait, .seconds(1))
        self.tables = tables
    }

    /// `postgresql user@host:port/database`, never the password.
    public var description: String {
        "postgresql \(user)@\(url.endpoint)/\(url.database ?? user)"
    }
}

/// The names of Seata's four tables in this database.
public struct TableNames: Sendable, Hashable {
    /// `store.db.globalTable` (global_table).
    public var global: String
    /// `store.db.branchTable` (branch_table).
    public var branch: String
    /// `store.db.lockTable` (lock_table).
    public var lock: String
    /// `store.db.distributedLockTable` (distributed_lock).
    public var distributedLock: String

    /// The names, Seata's defaults for any not given.
    public init(
        global: String = "global_table",
        branch: String = "branch_table",
        lock: String = "lock_table",
        distributedLock: String = "distributed_lock"
    ) {
        self.global = global
        self.branch = branch
        self.lock = lock
        self.distributedLock = distributedLock
    }

    /// Each table with the key that names it, in DDL order.
    public var all: [(key: String, name: String)] {
        [
            ("store.db.globalTable", global), ("store.db.branchTable", branch), ("store.db.lockTable", lock),
            ("store.db.distributedLockTable", distributedLock),
        ]
    }

    /// Whether `name` can be put into SQL as it is: a plain identifier, optionally
    /// schema-qualified (`seata.global_table`), at most 63 bytes a part (PostgreSQL's limit).
    ///
    /// Names are interpolated into statements (SQL has no parameters for table names), so
    /// anything else is refused before it reaches a statement.
    public static func isPlainIdentifier(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, part.utf8.count <= 63 else { return false }
            let isLetter: (UInt8) -> Bool = { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
            guard isLetter(first) || first == UInt8(ascii: "_") else { return false }
            return part.utf8.allSatisfy {
                isLetter($0) || $0 == UInt8(ascii: "_") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            }
        }
    }
}
