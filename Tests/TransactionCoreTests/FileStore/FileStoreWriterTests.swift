import FileStore
import Foundation
import SeataProtocol
import Testing
import TransactionCore

/// How the file store's writer commits: what rides along with the next commit, and the WAL's
/// length under steady load.
struct FileStoreWriterTests {
    private func session(_ number: Int) -> GlobalSession { .numbered(number) }

    /// A deferred change (phase two's end) in sync mode does not cost a commit of its own: it
    /// waits for the next answered change, which carries it, or for the flush interval.
    @Test func inSyncModeADeferredChangeGoesWithTheNextAnsweredChangeOrWithinTheFlushInterval() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try FileStore.open(
            path: folder.path,
            options: FileStore.Options(flushDiskMode: .sync, asyncFlushInterval: .milliseconds(300))
        )
        let path = store.databasePath
        try await store.insertGlobal(session(1), durability: .answer)
        try await store.insertGlobal(session(2), durability: .answer)
        #expect(try scalar(path, "SELECT count(*) FROM global_table") == 2)

        let start = ContinuousClock.now
        #expect(try await store.deleteGlobal(xid: session(1).xid, expected: .begin, durability: .deferred))
        let count = try scalar(path, "SELECT count(*) FROM global_table")
        if ContinuousClock.now - start < .milliseconds(150) {
            // Read well before the flush interval ended: the deferred delete was still queued.
            #expect(count == 2)
        }
        try await store.insertGlobal(session(3), durability: .answer)
        #expect(try scalar(path, "SELECT count(*) FROM global_table WHERE xid = ?", [session(1).xid]) == 0)
        #expect(try scalar(path, "SELECT count(*) FROM global_table") == 2)

        #expect(try await store.deleteGlobal(xid: session(2).xid, expected: .begin, durability: .deferred))
        try await Task.sleep(for: .milliseconds(300 + 300))
        #expect(try scalar(path, "SELECT count(*) FROM global_table WHERE xid = ?", [session(2).xid]) == 0)
        await store.close()
    }

    /// The background checkpoint alone never catches up with a writer that commits all the time,
    /// and SQLite starts the WAL over only once all of it is copied: the writer copies the rest
    /// itself, so the WAL stays near SQLite's automatic checkpoint length (1,000 pages, 4 MB)
    /// however long the load lasts, instead of growing by every page written.
    @Test func theWalStaysShortUnderSteadyLoad() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // Async mode (no fsync per commit, so the test is quick); a decision is committed before
        // its call returns, one commit per change.
        let store = try FileStore.open(path: folder.path, options: FileStore.Options(flushDiskMode: .async))
        let pageSize = 4096
        var longest = 0
        for number in 1...4000 {
            try await store.insertGlobal(session(number), durability: .decision)
            if number % 100 == 0 {
                let wal = try? FileManager.default.attributesOfItem(atPath: store.databasePath + "-wal")
                longest = max(longest, wal?[.size] as? Int ?? 0)
            }
        }
        // Two pages (the row and its xid index entry) per commit: 8,000 pages had the WAL grown.
        #expect(longest > 0)
        #expect(longest < 2000 * (pageSize + 24), "the WAL grew to \(longest) bytes")
        #expect(try scalar(store.databasePath, "SELECT count(*) FROM global_table") == 4000)
        await store.close()
    }
}
