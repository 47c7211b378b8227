public import Logging
public import SeataProtocol
public import TransactionCore
import GRDB
import Synchronization

/// `store.mode=file`: the session store as an embedded SQLite database (WAL) in `store.file.dir`,
/// with Seata's db-store tables, for one coordinator at a time.
///
/// The in-memory index is authoritative: every request is answered from it and changes it at
/// once (dictionary lookups, no I/O under its lock), and one writer thread persists the changes
/// in order, batching concurrent ones into one transaction.
///
/// Durability, per `Durability` of each change:
///
/// | change | `flushDiskMode=sync` | `flushDiskMode=async` |
/// |---|---|---|
/// | `decision` (commit/rollback/timeout decided) | on disk (fsync) before return | in the WAL before return: survives a coordinator crash |
/// | `answer` (begin, register, report, status and end records) | on disk before return | returns at once; in the WAL within `asyncFlushInterval` plus one commit |
/// | `deferred` (a branch finished in phase two) | with the next decision/answer, within `asyncFlushInterval` plus one commit at the latest | within `asyncFlushInterval` plus one commit |
///
/// In async mode the WAL reaches the disk at the background checkpoints, within 200 ms of a
/// commit: an OS crash or power loss can lose up to that much, a coordinator crash only what the
/// writer had not committed yet (at most `asyncFlushInterval` plus one commit's worth).
///
/// A failed write (disk full, I/O error) fails every change not yet committed with
/// `FileStoreWriteError` (callers waiting for it get the error; in async mode the change was
/// answered already and is lost, with an error logged), and the index is reloaded from the
/// database, so memory never keeps what the disk refused.
public final class FileStore: SessionStore {
    /// `store.file.flushDiskMode`.
    public enum FlushDiskMode: String, Sendable, Hashable, CaseIterable {
        /// Every answered change on disk before the answer.
        case sync
        /// Answers at once; changes committed within a bound.
        case async
    }

    /// How the store writes.
    public struct Options: Sendable, Hashable {
        /// `store.file.flushDiskMode` (Seata's default: async).
        public var flushDiskMode: FlushDiskMode
        /// The longest a change nobody waits for stays queued (10 ms).
        ///
        /// Async mode: any change but a decision. Sync mode: a deferred change (phase two's end),
        /// which otherwise goes with the next commit.
        public var asyncFlushInterval: Duration
        /// Async mode: commit at once when this many changes are waiting (1,000).
        public var asyncBatchLimit: Int

        /// Makes options.
        public init(
            flushDiskMode: FlushDiskMode = .async,
            asyncFlushInterval: Duration = .milliseconds(10),
            asyncBatchLimit: Int = 1000
        ) {
            self.flushDiskMode = flushDiskMode
            self.asyncFlushInterval = asyncFlushInterval
            self.asyncBatchLimit = asyncBatchLimit
        }
    }

    /// The database file's name inside the folder.
    public static let databaseName = "sessions.db"

    /// The store folder, absolute.
    public var directory: String { folder.directory }
    /// The SQLite database file.
    public let databasePath: String
    /// The lock file that keeps other coordinators out.
    public var lockPath: String { folder.lockPath }
    /// How the store writes.
    public let options: Options
    /// Always true: the folder is locked for this process.
    public let isExclusive = true
    /// The highest transaction or branch id found at open: pass it to `IdGenerator(notBefore:)`.
    public let largestId: Int64

    private let folder: StoreFolder
    private let database: DatabaseQueue
    private let writer: StoreWriter
    private let checkpointer: Checkpointer
    let index: Mutex<SessionIndex>
    private let logger: Logger
    private let closed = Atomic<Bool>(false)
    /// Set when the index could not be rebuilt after a failed write: memory and disk may then
    /// disagree, so every further change is refused until a restart reloads the file.
    private let broken = Atomic<Bool>(false)

    /// Opens (creating if missing) the store in `path` and loads every session, branch and lock.
    ///
    /// Sessions come back as they were written: Begin ones go on (and time out), the ones in
    /// phase two are finished by the recovery jobs, and row locks hold again.
    ///
    /// - Parameters:
    ///   - path: `store.file.dir`; relative paths start from `workingDirectory`, as Seata does.
    ///   - workingDirectory: Where relative paths start (the process's, by default).
    ///   - options: `flushDiskMode` and the async bound.
    ///   - logger: For write failures and rows it had to ignore.
    /// - Returns: The open store, its writer running.
    /// - Throws: `FileStoreError` when the folder cannot be created or written, another
    ///   coordinator holds it, or the database cannot be opened or read.
    public static func open(
        path: String,
        workingDirectory: String? = nil,
        options: Options = Options(),
        logger: Logger = Logger(label: "coordinator.store")
    ) throws(FileStoreError) -> FileStore {
        let folder = try StoreFolder.lock(path: path, workingDirectory: workingDirectory)
        let databasePath = folder.directory + "/" + databaseName
        do {
            var configuration = Configuration()
            configuration.label = "coordinator-store"
            let synchronous = options.flushDiskMode == .sync ? "FULL" : "NORMAL"
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
                // The checkpointer copies the WAL in the background instead.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            }
            let database = try DatabaseQueue(path: databasePath, configuration: configuration)
            let index = try database.writeWithoutTransaction { db in
                try Schema.create(db)
                try Loader.removeOrphans(db, logger: logger)
                return try Loader.load(db, logger: logger)
            }
            let checkpointer = try Checkpointer(path: databasePath, interval: .milliseconds(200), logger: logger)
            return FileStore(
                folder: folder,
                databasePath: databasePath,
                database: database,
                checkpointer: checkpointer,
                index: index,
                options: options,
                logger: logger
            )
        } catch {
            folder.release()
            throw FileStoreError(
                directory: folder.directory,
                problem: "holds a database that cannot be opened or read (\(databasePath): \(error))",
                action: "move the file away to start empty, or restore it from a backup"
            )
        }
    }

    private init(
        folder: StoreFolder,
        databasePath: String,
        database: DatabaseQueue,
        checkpointer: Checkpointer,
        index: SessionIndex,
        options: Options,
        logger: Logger
    ) {
        self.folder = folder
        self.checkpointer = checkpointer
        self.databasePath = databasePath
        self.database = database
        self.options = options
        self.logger = logger
        self.largestId = index.largestId
        self.index = Mutex(index)
        self.writer = StoreWriter(
            database: database,
            checkpointer: checkpointer,
            flushInterval: options.asyncFlushInterval,
            batchLimit: options.asyncBatchLimit,
            logger: logger
        )
        writer.onFailure = { [weak self] error in self?.resynchronize(after: error) }
        checkpointer.start()
        writer.start()
    }

    /// Writes what is queued, closes the database and releases the folder.
    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await writer.close()
        await checkpointer.close()
        try? database.close()
        folder.release()
    }

    // MARK: - SessionStore

    /// Adds the session to the index and queues its row.
    public func insertGlobal(_ session: GlobalSession, durability: Durability) async throws {
        try await perform(durability) { index throws -> ((), [RowChange]) in
            guard let changes = index.insertGlobal(session) else {
                throw FileStoreWriteError(
                    database: databasePath,
                    reason: "a global session \(session.xid) exists already"
                )
            }
            return ((), changes)
        }
    }

    /// The session from the index (no I/O).
    public func global(xid: String) async throws -> GlobalSession? {
        index.withLock { $0.sessions[xid] }
    }

    /// Compare-and-set in the index; the row update (and lock rows) queued with it.
    public func updateGlobalStatus(_ change: StatusChange) async throws -> Bool {
        try await perform(change.durability) { $0.updateStatus(change) }
    }

    /// Removes the session, its branches and locks from the index; the deletes queued.
    ///
    /// `revision` is never set here: this coordinator's xid lock orders every change.
    public func deleteGlobal(xid: String, expected: GlobalStatus, revision: String?, durability: Durability)
        async throws -> Bool
    {
        try await perform(durability) { $0.deleteGlobal(xid: xid, expected: expected) }
    }

    /// Sessions from the status index, sorted by (beginTime, xid).
    public func globals(matching query: SessionQuery) async throws -> [GlobalSession] {
        index.withLock { $0.query(query) }
    }

    /// Counted from the status index.
    public func countGlobals(statuses: Set<GlobalStatus>) async throws -> Int {
        index.withLock { $0.count(statuses) }
    }

    /// Checks and takes the rows in the index, all or none; the branch and lock rows queued.
    public func insertBranch(
        _ branch: BranchSession,
        locks: LockRequest,
        requireOpen: Bool,
        durability: Durability
    ) async throws -> BranchInsertion {
        try await perform(durability) { $0.insertBranch(branch, locks: locks, requireOpen: requireOpen) }
    }

    /// Changes the branch in the index; the row update queued.
    public func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String,
        durability: Durability
    ) async throws -> Bool {
        try await perform(durability) {
            $0.updateBranch(xid: xid, branchId: branchId, status: status, applicationData: applicationData)
        }
    }

    /// Removes the branch (and its rows when asked) from the index; the deletes queued.
    public func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool, durability: Durability) async throws {
        try await perform(durability) {
            ((), $0.deleteBranch(xid: xid, branchId: branchId, releaseLocks: releaseLocks))
        }
    }

    /// Drops the session's rows from the index; the delete queued.
    public func releaseLocks(xid: String, durability: Durability) async throws {
        try await perform(durability) { ((), $0.releaseAllLocks(xid: xid)) }
    }

    /// The held rows from the index (no I/O).
    public func lockedRows(_ rowKeys: [String]) async throws -> [RowLock] {
        index.withLock { $0.lockedRows(rowKeys) }
    }

    /// Always granted: the folder lock already makes this coordinator the only one.
    public func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool { true }

    /// Nothing to give back.
    public func releaseJobLease(_ job: RecoveryJobName, owner: String) async throws {}

    // MARK: - Writing

    /// Whether a change of this durability waits for its commit in this mode.
    private func waits(for durability: Durability) -> Bool {
        switch durability {
        case .decision: true
        // A begin waits as an answer does: in sync mode nothing is answered before it is durable.
        case .answer, .opening: options.flushDiskMode == .sync
        case .deferred: false
        }
    }

    /// Applies `body` to the index and queues its row changes, in one critical section (so the
    /// database sees changes in index order); waits for the commit when `durability` asks.
    func perform<Result: Sendable>(
        _ durability: Durability,
        _ body: (inout SessionIndex) throws -> (Result, [RowChange])
    ) async throws -> Result {
        try checkOpen()
        // What a caller waits for is committed at once; the rest rides the writer's flush timer
        // (or the next urgent commit).
        let urgent = waits(for: durability)
        guard urgent else {
            return try index.withLock { index in
                let (result, changes) = try body(&index)
                if !changes.isEmpty { _ = writer.enqueue(changes, urgent: urgent, mayClaim: false, completion: nil) }
                return result
            }
        }
        return try await withCheckedThrowingContinuation { (done: CheckedContinuation<Result, any Error>) in
            do {
                var claimed = false
                let immediate = try index.withLock { index -> Result? in
                    let (result, changes) = try body(&index)
                    if changes.isEmpty { return result }
                    // In sync mode a request arriving alone may commit on its own thread (the
                    // writer decides, see `StoreWriter.enqueue`); in async mode the writer's
                    // commits are mostly gathered changes nobody waits for, kept off the loops.
                    let mayClaim = options.flushDiskMode == .sync
                    claimed = writer.enqueue(changes, urgent: urgent, mayClaim: mayClaim) { error in
                        if let error { done.resume(throwing: error) } else { done.resume(returning: result) }
                    }
                    return nil
                }
                if let immediate { done.resume(returning: immediate) }
                if claimed { writer.writeClaimed() }
            } catch {
                done.resume(throwing: error)
            }
        }
    }

    private func checkOpen() throws {
        if closed.load(ordering: .acquiring) {
            throw FileStoreWriteError(database: databasePath, reason: "the store is closed")
        }
        if broken.load(ordering: .acquiring) {
            throw FileStoreWriteError(
                database: databasePath,
                reason: "a write failed and the sessions could not be reloaded; restart the coordinator"
            )
        }
    }

    /// After a failed commit (on the writer thread): drop what is queued and rebuild the index
    /// from the database, under the index's lock, so no request sees a half state.
    private func resynchronize(after error: any Error) {
        index.withLock { index in
            writer.dropPending(because: error)
            do {
                index = try database.writeWithoutTransaction { db in try Loader.load(db, logger: logger) }
            } catch {
                broken.store(true, ordering: .releasing)
                logger.critical(
                    "The file store could not reload its sessions after a failed write; it refuses changes until restarted",
                    metadata: ["error": "\(error)"]
                )
            }
        }
    }
}
