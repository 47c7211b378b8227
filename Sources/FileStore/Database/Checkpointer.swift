import Foundation
import GRDB
import Logging
import Synchronization

/// Copies the WAL into the database file in the background, on a connection and thread of its
/// own, at most `interval` after a commit (the writer's connection has automatic checkpoints
/// off, so it never stops for one).
///
/// In async mode this is also when commits reach the disk: a checkpoint fsyncs the WAL first.
/// A passive checkpoint never blocks the writer; once it has copied everything, the writer's
/// next transaction starts the WAL over, so the file stays small.
final class Checkpointer: @unchecked Sendable {
    private let database: DatabaseQueue
    private let interval: TimeInterval
    private let logger: Logger
    private let dirty = Atomic<Bool>(false)
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var closing = false
    private var finished: [CheckedContinuation<Void, Never>] = []
    private var stopped = false

    init(path: String, interval: Duration, logger: Logger) throws {
        var configuration = Configuration()
        configuration.label = "coordinator-store-checkpoint"
        configuration.busyMode = .timeout(5)
        database = try DatabaseQueue(path: path, configuration: configuration)
        let (seconds, attoseconds) = interval.components
        self.interval = Double(seconds) + Double(attoseconds) * 1e-18
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "coordinator-store-checkpoint"
        thread.start()
    }

    /// The writer committed: the WAL has frames to copy.
    func noteCommit() { dirty.store(true, ordering: .relaxed) }

    /// Runs a last checkpoint and stops.
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
        while true {
            condition.lock()
            if !closing { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            let last = closing
            condition.unlock()
            if dirty.exchange(false, ordering: .relaxed) { checkpoint(truncate: last) }
            if last { break }
        }
        try? database.close()
        condition.lock()
        stopped = true
        let waiting = finished
        finished = []
        condition.unlock()
        for done in waiting { done.resume() }
    }

    private func checkpoint(truncate: Bool) {
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: truncate ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)")
            }
        } catch {
            logger.warning("The file store's WAL checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}
