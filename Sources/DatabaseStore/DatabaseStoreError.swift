/// Why the db store cannot open, or a store call failed, in words a person can act on.
///
/// Never carries the password: texts are built from the host, port, database, user and the
/// server's own message (PostgreSQL does not echo passwords).
public struct DatabaseStoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure: callers map it to an exit code or an answer.
    public enum Kind: Sendable, Hashable {
        /// No server answered at the URL's host and port within the connect timeout.
        case unreachable
        /// The server refused the user or the password.
        case authentication
        /// Tables (or their columns) are missing: apply the DDL.
        case missingSchema
        /// The settings cannot work (no such database, TLS demanded but not offered, a bad name).
        case configuration
        /// A call failed: the pool had no connection within `store.db.maxWait`, or the server
        /// answered an error.
        case failed
    }

    /// The kind.
    public var kind: Kind
    /// What went wrong.
    public var problem: String
    /// What to do about it.
    public var action: String
    /// The tables missing, for `missingSchema` (configured names).
    public var missingTables: [String]

    /// Makes an error.
    public init(_ kind: Kind, problem: String, action: String, missingTables: [String] = []) {
        self.kind = kind
        self.problem = problem
        self.action = action
        self.missingTables = missingTables
    }

    /// The problem (the action is separate, for reports).
    public var description: String { problem }
}
