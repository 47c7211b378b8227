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

    @Test func aLoneWaiterWritesOnItsOwnThreadAndOverlappingWaitersGoToTheWriterThread() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/sessions.db"
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try await database.writeWithoutTransaction { db in try Schema.create(db) }
        let logger = Logger(label: "test")
        let checkpointer = try Checkpointer(path: path, interval: .seconds(60), logger: logger)
        // A long flush interval: a change nobody hurries stays queued until an urgent one comes.
        let writer = StoreWriter(
            database: database,
            checkpointer: checkpointer,
            flushInterval: .seconds(60),
            batchLimit: 1000,
            logger: logger
        )
        writer.start()
        checkpointer.start()

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

        // Alone, with the writer idle: the caller writes its own batch.
        #expect(writer.enqueue(insert(1), urgent: true, mayClaim: true, completion: completion(1)))
        // The test task may move between threads at each `await`: this is the one that writes.
        var caller = pthread_self()
        writer.writeClaimed()
        #expect(committed(1))
        #expect(thread(1) == caller)

        // Another waiter already queued: the writer thread writes both, in one batch.
        #expect(!writer.enqueue(insert(2), urgent: false, mayClaim: false, completion: completion(2)))
        #expect(!writer.enqueue(insert(3), urgent: true, mayClaim: true, completion: completion(3)))
        #expect(committed(2))
        #expect(thread(2) != nil && thread(2) != thread(1) && thread(3) == thread(2))
        try await writerIdle()

        // The last batch had two waiters (requests overlap): the next goes to the writer thread
        // too; after that one-waiter batch, a lone change is written by its caller again.
        #expect(!writer.enqueue(insert(4), urgent: true, mayClaim: true, completion: completion(4)))
        #expect(committed(1))
        #expect(thread(4) == thread(2))
        try await writerIdle()
        #expect(writer.enqueue(insert(5), urgent: true, mayClaim: true, completion: completion(5)))
        caller = pthread_self()
        writer.writeClaimed()
        #expect(committed(1))
        #expect(thread(5) == caller)

        // Not allowed to (async mode, or other requests waiting in the store): the writer thread.
        #expect(!writer.enqueue(insert(6), urgent: true, mayClaim: false, completion: completion(6)))
        #expect(committed(1))
        #expect(thread(6) == thread(2))

        await writer.close()
        await checkpointer.close()
        #expect(try scalar(path, "SELECT count(*) FROM global_table") == 6)
    }
}
