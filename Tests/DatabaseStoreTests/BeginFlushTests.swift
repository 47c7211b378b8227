import DatabaseStore
import DatabaseTestSupport
import Foundation
import SeataProtocol
import Testing
import TransactionCore
import ZooKeeperTestSupport

/// A begin (`Durability.opening`) commits without waiting for PostgreSQL's WAL flush.
///
/// A branch registration (`answer`) waits for it. Counted with `pg_stat_wal.wal_sync` on a
/// private server with fsync on, its WAL writer flushing every 10 s (`wal_writer_delay`, so
/// that a slow run does not count its periodic flushes): the begins then flush nothing or
/// next to nothing, the registrations once each (they run one after another, so none rides
/// another's flush).
@Suite(.serialized) struct BeginFlushTests {
    static let count = 40

    @Test func aBeginDoesNotWaitForTheWALFlushAndARegistrationDoes() async throws {
        let pg = try await TestPostgres.start(durable: true)
        defer { Task { await pg.destroy() } }
        try await pg.psql("postgres", "ALTER SYSTEM SET wal_writer_delay = '10s'")
        try await pg.psql("postgres", "SELECT pg_reload_conf()")
        let (database, url) = try await pg.createDatabase("flush")
        let settings = try DatabaseStoreTests.settings(url, maxConnections: 2)
        _ = try await DatabaseStore.initialize(settings)
        let sessions = (1...Int64(Self.count)).map { DatabaseStoreTests.session($0) }

        let beforeBegins = try await Self.walSyncs(pg, database)
        try await Self.withStore(settings, pg, database) { store in
            for session in sessions { try await store.insertGlobal(session, durability: .opening) }
        }
        let afterBegins = try await Self.walSyncs(pg, database)
        try await Self.withStore(settings, pg, database) { store in
            for (index, session) in sessions.enumerated() {
                let branch = DatabaseStoreTests.branch(Int64(1_000 + index), of: session)
                let insertion = try await store.insertBranch(
                    branch,
                    locks: .none,
                    requireOpen: true,
                    durability: .answer
                )
                #expect(insertion == .inserted)
            }
        }
        let afterRegistrations = try await Self.walSyncs(pg, database)

        let begins = afterBegins - beforeBegins
        let registrations = afterRegistrations - afterBegins
        #expect(begins < Self.count / 4, "\(Self.count) begins cost \(begins) WAL flushes")
        #expect(registrations >= Self.count, "\(Self.count) registrations cost \(registrations) WAL flushes")
    }

    /// Runs `body` on a store of its own, then waits until its server processes have exited
    /// (a backend reports its WAL statistics when it exits).
    static func withStore(
        _ settings: DatabaseSettings,
        _ pg: TestPostgres,
        _ database: String,
        _ body: (DatabaseStore) async throws -> Void
    ) async throws {
        let store = try await DatabaseStore.open(settings)
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        for _ in 0..<100 {
            let connected = try await pg.psql(
                "postgres",
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)'"
            )
            if connected == "0" { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("the store's connections to \(database) did not end within 10 s")
    }

    /// The server's WAL flushes so far.
    static func walSyncs(_ pg: TestPostgres, _ database: String) async throws -> Int {
        let text = try await pg.psql(database, "SELECT wal_sync FROM pg_stat_wal")
        return try #require(Int(text), "pg_stat_wal.wal_sync answered '\(text)'")
    }
}
