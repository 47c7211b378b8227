/// The file store could not be opened: the folder, what is wrong with it, what to do.
public struct FileStoreError: Error, Sendable, CustomStringConvertible {
    /// The store folder, absolute.
    public var directory: String
    /// What is wrong ("is in use by another coordinator (pid 12)").
    public var problem: String
    /// What to do about it.
    public var action: String

    /// Makes an error.
    public init(directory: String, problem: String, action: String) {
        self.directory = directory
        self.problem = problem
        self.action = action
    }

    /// "the session store folder /x is in use by another coordinator (pid 12)".
    public var description: String { "the session store folder \(directory) \(problem)" }
}

/// A change the file store could not make durable; nothing of it stays, in memory or on disk.
public struct FileStoreWriteError: Error, Sendable, CustomStringConvertible {
    /// The database file.
    public var database: String
    /// SQLite's explanation.
    public var reason: String

    /// "the file store could not write /x/sessions.db: disk I/O error".
    public var description: String { "the file store could not write \(database): \(reason)" }
}
