import GRDB
import GRDBSQLite

/// How many frames the writer's connection has in the WAL, from SQLite's WAL hook (called on
/// the writer thread when a commit is in the WAL).
///
/// The writer uses it to let the WAL start over (see `StoreWriter`): SQLite rewrites the WAL
/// from its start only when a write transaction begins with every frame copied into the
/// database, and under steady load the background checkpoint never catches up with the writer,
/// so without help the WAL grows for as long as the load lasts. An fdatasync of a file that
/// grows must commit the file system's journal too (new blocks, a new size): several times
/// what an fdatasync of blocks written before costs, on every commit in sync mode.
final class WalLength {
    /// Frames in the WAL after the last commit: since its start, copied or not.
    private(set) var frames: Int32 = 0
    private let connection: OpaquePointer

    /// Installs the hook on `db`'s connection; `stop()` before the connection closes.
    init(_ db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw RowStatements.Failure(code: SQLITE_MISUSE, message: "closed")
        }
        self.connection = connection
        sqlite3_wal_hook(
            connection,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WalLength>.fromOpaque(context).takeUnretainedValue().frames = frames
                return SQLITE_OK
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }

    /// Removes the hook, which points at this object without retaining it.
    func stop() {
        sqlite3_wal_hook(connection, nil, nil)
    }
}
