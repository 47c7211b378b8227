import Foundation
import GRDB
import Logging
import Synchronization
import Testing
import TransactionCore

@testable import FileStore

/// Who writes a batch: the caller of a lone durable change, or the writer thread when changes
/// overlap (`StoreWriter.enqueue`).
struct StoreWriterClaimTests {
    private func insert(_ number: Int) -> [RowChange] { [.insertGlobal(.numbered(number))] }

    /// A writer on a new database in `folder`, with a flush interval and a background
    /// checkpoint too long to act during a test: a change nobody hurries stays queued until an
    /// urgent one comes, and only the writer itself lets the WAL start over.
    private func start(in folder: TemporaryDirectory) async throws -> (StoreWriter, Checkpointer, String) {
        let path = folder.path + "/sessions.db"
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // No fsync per commit: who writes is what is tested, not durability.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try await database.writeWithoutTransaction { db in try Schema.create(db) }
        let logger = Logger(label: "test")
        let checkpointer = try Checkpointer(path: path, interval: .seconds(60), logger: logger)
        let writer = StoreWriter(
            database: database,
            checkpointer: checkpointer,
            flushInterval: .seconds(60),
            batchLimit: 1000,
            logger: logger
        )
        writer.start()
        checkpointer.start()
        return (writer, checkpointer, path)
    }

    /// Callers writing their own batches leave the WAL's restart to the writer thread (their
    /// answers wait on their threads): under steady load one at a time, the WAL stays near
    /// SQLite's automatic checkpoint length instead of growing by every page written.
    @Test func theWalStaysShortWhenCallersWriteTheirOwnBatches() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (writer, checkpointer, path) = try await start(in: folder)
        let done = DispatchSemaphore(value: 0)
        var claimed = 0
        var longest = 0
        for number in 1...3000 {
            // Longer than `claimIdleNanoseconds`: requests one at a time.
            try await Task.sleep(for: .microseconds(100))
            if writer.enqueue(insert(number), urgent: true, mayClaim: true, completion: { _ in done.signal() }) {
                writer.writeClaimed()
                claimed += 1
            }
            #expect(done.wait(timeout: .now() + 10) == .success)
            if number % 100 == 0 {
                let wal = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
                longest = max(longest, wal?[.size] as? Int ?? 0)
            }
        }
        await writer.close()
        await checkpointer.close()
        #expect(claimed > 2000, "\(claimed) of 3000 written by their callers")
        // Two pages per commit (the row and the table's root): 6,000 frames had the WAL grown.
        #expect(longest > 0)
        #expect(longest < 2000 * (4096 + 24), "the WAL grew to \(longest) bytes")
        #expect(try scalar(path, "SELECT count(*) FROM global_table") == 3000)
    }

    @Test func aLoneWaiterWritesOnItsOwnThreadAndOverlappingWaitersGoToTheWriterThread() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (writer, checkpointer, path) = try await start(in: folder)

        let writtenOn = Mutex<[Int: pthread_t]>([:])
        let done = DispatchSemaphore(value: 0)
        func completion(_ number: Int) -> StoreWriter.Completion {
            { error in
                if error == nil { writtenOn.withLock { $0[number] = pthread_self() } }
                done.signal()
            }
        }
        func committed(_ count: Int) -> Bool {
            (0..<count).allSatisfy { _ in done.wait(timeout: .now() + 10) == .success }
        }
        func thread(_ number: Int) -> pthread_t? { writtenOn.withLock { $0[number] } }
        func writerIdle() async throws {
            for _ in 0..<500 where !writer.isIdle { try await Task.sleep(for: .milliseconds(10)) }
            #expect(writer.isIdle)
        }

        var number = 0
        /// Queues one change and waits for its commit; true if the caller wrote it.
        func lone(mayClaim: Bool = true) async throws -> Bool {
            number += 1
            // The writer idle for longer than `claimIdleNanoseconds`, as between requests one
            // at a time.
            try await Task.sleep(for: .milliseconds(1))
            let claimed = writer.enqueue(
                insert(number),
                urgent: true,
                mayClaim: mayClaim,
                completion: completion(number)
            )
            // The test task may move between threads at each `await`: this is the one that writes.
            let caller = pthread_self()
            if claimed { writer.writeClaimed() }
            #expect(committed(1))
            #expect((thread(number) == caller) == claimed)
            try await writerIdle()
            return claimed
        }

        // Until `claimStreak` batches in a row had one waiter at most, the writer thread writes.
        for _ in 0..<StoreWriter.claimStreak { #expect(try await !lone()) }
        // Then requests come one at a time: the caller writes its own batch.
        #expect(try await lone())
        #expect(try await lone())
        // Not allowed to (async mode, or other requests waiting in the store): the writer thread.
        #expect(try await !lone(mayClaim: false))

        // Another waiter already queued: the writer thread writes both, in one batch.
        #expect(!writer.enqueue(insert(100), urgent: false, mayClaim: false, completion: completion(100)))
        #expect(!writer.enqueue(insert(101), urgent: true, mayClaim: true, completion: completion(101)))
        #expect(committed(2))
        #expect(thread(100) != nil && thread(101) == thread(100))
        try await writerIdle()
        // Requests overlapped: the writer thread writes again until the streak is back.
        #expect(try await !lone())
        await writer.close()
        await checkpointer.close()
        #expect(try scalar(path, "SELECT count(*) FROM global_table") == number + 2)
    }
}
