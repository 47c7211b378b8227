import Foundation
import GRDB
import Logging

/// The one writer of the database: a thread of its own that takes every change queued since its
/// last commit and writes them in one SQLite transaction (group commit), so concurrent requests
/// share one commit and no blocking I/O runs on Swift's cooperative pool.
///
/// One exception: in sync mode, a request that is the only one waiting for a commit, arriving
/// while the writer is idle when requests come one at a time, writes its batch on its
/// own thread (`enqueue` returns true, then `writeClaimed()`), since handing it to the writer
/// thread and the answer back costs two thread wake-ups per durable step. Who writes is decided
/// under the queue's lock (`writing`), so batches never overlap and keep the queue's order.
///
/// Changes are queued by the in-memory index under its lock, so the database sees them in the
/// order the index made them. A change may carry a completion, called once its transaction has
/// committed (or failed).
///
/// The writer commits as soon as an urgent change (one a caller waits for) is queued; otherwise
/// it gathers changes for up to `flushInterval`, or until `batchLimit` changes are queued. Only
/// changes nobody waits for ride the timer: a phase-two branch removal or session end in `sync`
/// mode (its decision is on disk already), everything but decisions in `async` mode. A deferred
/// change committed on its own in sync mode would cost an fsync of its own, on the path of the
/// next request, which waits for it.
///
/// `sync` (`synchronous=FULL`): a commit is on disk (the WAL fsync'd) when it completes.
/// `async` (`synchronous=NORMAL`): a commit is in the WAL file when it completes (it survives a
/// crash of the coordinator) and on disk after the next checkpoint.
/// Checkpoints run on a connection and thread of their own (`Checkpointer`), so the writer
/// rarely waits for them. Under steady load that checkpoint never copies the whole WAL (the
/// writer keeps adding to it), and SQLite starts the WAL over only when a write begins with all
/// of it copied: so once the WAL is `walRestartFrames` long, the writer copies the rest itself
/// between two commits (the background checkpoint has copied most of it), and its next commit
/// writes the WAL from the start again, over blocks the file has (`WalLength`).
final class StoreWriter: @unchecked Sendable {
    /// Called with nil when the change is committed, or the error that lost it.
    typealias Completion = @Sendable ((any Error)?) -> Void

    private struct Entry {
        var changes: [RowChange]
        var completion: Completion?
    }

    /// Called on the writer thread when a commit failed, with the error; it must resynchronize
    /// the in-memory index and `dropPending()` under the index's lock.
    var onFailure: (@Sendable (any Error) -> Void)?

    private let database: DatabaseQueue
    private let checkpointer: Checkpointer
    private let flushInterval: TimeInterval
    private let batchLimit: Int
    private let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [Entry] = []
    private var pendingChanges = 0
    private var urgent = false
    private var oldest: Date?
    private var closing = false
    private var finished: [CheckedContinuation<Void, Never>] = []
    private var stopped = false
    /// Whether a batch is being written, by the writer thread or by a caller (`writeClaimed`).
    private var writing = false
    /// How many batches in a row had at most one waiter.
    private var singleWaiterStreak = 0
    /// When the last batch was written (`DispatchTime` nanoseconds).
    private var lastWritten: UInt64 = 0
    /// Set by a caller's write that left the WAL long: the writer thread lets it start over.
    private var walRestartDue = false
    // Whoever holds the writer role (`writing`): the writer thread, or a caller in `writeClaimed`.
    private var statements: RowStatements?
    private var wal: WalLength?
    /// The WAL length at which the writer next copies the WAL itself.
    private var walCheckpointAt = walRestartFrames

    /// SQLite's own automatic checkpoint length: about 4 MB of WAL.
    static let walRestartFrames: Int32 = 1000

    init(
        database: DatabaseQueue,
        checkpointer: Checkpointer,
        flushInterval: Duration,
        batchLimit: Int,
        logger: Logger
    ) {
        self.database = database
        self.checkpointer = checkpointer
        let (seconds, attoseconds) = flushInterval.components
        self.flushInterval = Double(seconds) + Double(attoseconds) * 1e-18
        self.batchLimit = max(1, batchLimit)
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "coordinator-store-writer"
        thread.start()
    }

    /// Queues `changes`; `urgent` ones are committed without waiting for more.
    ///
    /// Returns true when the caller is to write the batch itself, at once, with `writeClaimed()`
    /// (after leaving any lock it holds): an urgent change someone waits for, queued while the
    /// writer is idle and nobody else waits, when requests arrive one at a time (`oneAtATime`).
    /// Handing such a change to the writer thread and its answer back costs two thread
    /// wake-ups, about 45 µs of each durable step on a 2-core VM (AT at 1 TM with the store on
    /// tmpfs: 0.90 → 0.70 ms a transaction); when requests overlap, the writer thread gathers
    /// them into one commit instead.
    func enqueue(_ changes: [RowChange], urgent isUrgent: Bool, mayClaim: Bool, completion: Completion?) -> Bool {
        condition.lock()
        if closing {
            condition.unlock()
            completion?(FileStoreWriteError(database: database.path, reason: "the store is closed"))
            return false
        }
        let first = pending.isEmpty
        if first { oldest = Date() }
        let othersWaiting = pending.contains { $0.completion != nil }
        pending.append(Entry(changes: changes, completion: completion))
        pendingChanges += changes.count
        if isUrgent { urgent = true }
        if mayClaim && isUrgent && completion != nil && !writing && !othersWaiting && oneAtATime() {
            writing = true
            condition.unlock()
            return true
        }
        // Wake the writer only when it has something to do now: a change that is neither the
        // first (which starts the flush timer) nor urgent nor past the batch limit waits for the
        // timer anyway, and waking the thread for it costs a context switch per change.
        let wake = first || isUrgent || pendingChanges >= batchLimit
        condition.unlock()
        // Signalled after the unlock: a writer woken while the lock is still held would block
        // on it at once and need a second wake-up (two scheduler round trips per commit).
        if wake { condition.signal() }
        return false
    }

    /// Batches in a row needed with at most one waiter before a caller may write its own.
    static let claimStreak = 8
    /// How long the writer must have been idle before a caller may write its own batch: under
    /// load, batches follow each other closely, and a caller writing blocks its event loop.
    static let claimIdleNanoseconds: UInt64 = 50_000

    /// Whether requests come one at a time (under `condition`): the last `claimStreak` batches
    /// had one waiter at most, and the writer has been idle for `claimIdleNanoseconds`.
    private func oneAtATime() -> Bool {
        singleWaiterStreak >= Self.claimStreak
            && DispatchTime.now().uptimeNanoseconds &- lastWritten >= Self.claimIdleNanoseconds
    }

    /// Writes what is queued on the caller's thread, after `enqueue` returned true.
    func writeClaimed() {
        condition.lock()
        let batch = takePending()
        condition.unlock()
        write(batch)
        // The WAL restart is left to the writer thread: the caller's answer waits on its thread
        // until this returns.
        finishWriting(batch, walRestartDue: walIsLong)
    }

    /// Whether nobody holds the writer role now (for tests).
    var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !writing
    }

    /// Drops everything queued and not yet written, failing its completions; called by
    /// `onFailure` while the index is being rebuilt from the database.
    func dropPending(because error: any Error) {
        condition.lock()
        let dropped = pending
        pending = []
        pendingChanges = 0
        urgent = false
        oldest = nil
        condition.unlock()
        for entry in dropped { entry.completion?(error) }
    }

    /// Writes what is queued, then stops the thread.
    func close() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            condition.lock()
            closing = true
            if stopped {
                condition.unlock()
                done.resume()
                return
            }
            finished.append(done)
            condition.signal()
            condition.unlock()
        }
    }

    private func run() {
        while let batch = nextBatch() {
            if !batch.isEmpty { write(batch) }
            restartWalIfLong()
            finishWriting(batch)
        }
        database.writeWithoutTransaction { _ in
            statements = nil
            wal?.stop()
            wal = nil
        }
        condition.lock()
        stopped = true
        let waiting = finished
        finished = []
        condition.unlock()
        for done in waiting { done.resume() }
    }

    /// Waits for work and takes it; nil when closing with nothing left.
    private func nextBatch() -> [Entry]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if writing {
                condition.wait()
                continue
            }
            if pending.isEmpty {
                if walRestartDue { break }
                if closing { return nil }
                condition.wait()
                continue
            }
            if urgent || closing || pendingChanges >= batchLimit { break }
            let due = (oldest ?? Date()).addingTimeInterval(flushInterval)
            if Date() >= due { break }
            if walRestartDue {
                // Only the WAL's restart now: the queued changes keep their flush timer (in
                // sync mode a commit of their own would cost an fsync).
                writing = true
                walRestartDue = false
                return []
            }
            _ = condition.wait(until: due)
        }
        writing = true
        walRestartDue = false
        return takePending()
    }

    /// Takes everything queued; under `condition`.
    private func takePending() -> [Entry] {
        let batch = pending
        pending = []
        pendingChanges = 0
        urgent = false
        oldest = nil
        return batch
    }

    /// Gives the writer role back after `batch` was written, and wakes the writer thread if
    /// changes were queued meanwhile.
    private func finishWriting(_ batch: [Entry], walRestartDue restartDue: Bool = false) {
        condition.lock()
        writing = false
        if !batch.isEmpty {
            let waiters = batch.reduce(0) { $0 + ($1.completion == nil ? 0 : 1) }
            singleWaiterStreak = waiters <= 1 ? singleWaiterStreak + 1 : 0
            lastWritten = DispatchTime.now().uptimeNanoseconds
        }
        if restartDue { walRestartDue = true }
        let more = !pending.isEmpty || closing || walRestartDue
        condition.unlock()
        if more { condition.signal() }
    }

    private func write(_ batch: [Entry]) {
        do {
            try database.writeWithoutTransaction { db in
                if statements == nil {
                    statements = try RowStatements(db)
                    wal = try WalLength(db)
                }
                let statements = statements!
                statements.stamp(Date())
                try statements.transaction {
                    for entry in batch {
                        for change in entry.changes { try statements.apply(change) }
                    }
                }
            }
        } catch {
            let failure = FileStoreWriteError(database: database.path, reason: "\(error)")
            logger.error(
                "The file store could not write; the changes are lost and the in-memory state is reloaded",
                metadata: ["changes": "\(batch.reduce(0) { $0 + $1.changes.count })", "error": "\(error)"]
            )
            onFailure?(failure)
            for entry in batch { entry.completion?(failure) }
            return
        }
        checkpointer.noteCommit()
        for entry in batch { entry.completion?(nil) }
    }

    /// Whether the WAL is long enough for the writer to copy the rest of it (role holder only).
    private var walIsLong: Bool {
        guard let frames = wal?.frames else { return false }
        if frames < walCheckpointAt - Self.walRestartFrames { walCheckpointAt = Self.walRestartFrames }
        return frames >= walCheckpointAt
    }

    /// Copies what the background checkpoint has not into the database, once the WAL is long,
    /// after the batch's callers have their answers: the next commit then starts the WAL over.
    private func restartWalIfLong() {
        guard walIsLong, let frames = wal?.frames else { return }
        do {
            try database.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // The background checkpoint is copying; the writer tries again after its next commit.
        } catch {
            // Not again before the WAL has grown as much more (the background checkpoint goes on).
            walCheckpointAt = frames + Self.walRestartFrames
            logger.warning("The file store's WAL checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}
