import DatabaseStore
import FileStore
import TransactionCore

/// The session store the coordinator opened: the embedded file store or the shared database.
enum OpenStore: Sendable {
    /// `store.mode=file`.
    case file(FileStore)
    /// `store.mode=db`.
    case database(DatabaseStore)

    /// The store the core runs over.
    var sessions: any SessionStore {
        switch self {
        case .file(let store): store
        case .database(let store): store
        }
    }

    /// The highest id in the store at open, for `IdGenerator(notBefore:)`.
    var largestId: Int64 {
        switch self {
        case .file(let store): store.largestId
        case .database(let store): store.largestId
        }
    }

    /// The database store, in db mode.
    var database: DatabaseStore? {
        if case .database(let store) = self { return store }
        return nil
    }

    /// For the startup line: `store.mode=file at PATH (flushDiskMode async)`.
    var summary: String {
        switch self {
        case .file(let store):
            "store.mode=file at \(store.databasePath) (flushDiskMode \(store.options.flushDiskMode))"
        case .database(let store):
            "store.mode=db on \(store.settings) (pool \(store.settings.minConnections)…\(store.settings.maxConnections))"
        }
    }

    /// Writes what is pending and closes.
    func close() async {
        switch self {
        case .file(let store): await store.close()
        case .database(let store): await store.close()
        }
    }
}
