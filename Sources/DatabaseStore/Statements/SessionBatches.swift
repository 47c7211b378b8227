import PostgresNIO
import SeataProtocol
import TransactionCore

/// The store's hot calls, each kind grouped by a `StatementBatcher`: what a transaction does on
/// its way (begin, branch registrations, the reads and the decision, branch removals, the end)
/// goes to PostgreSQL in as few statements and commits as the load allows.
///
/// Semantics per call are those of the one-row statements they replace: compare-and-set per
/// xid (and row version, for decisions from Begin), a registration locking and rewriting its
/// session's row, the lock statements of a decision or
/// an end run after the row's change (so they see every lock a registration committed before
/// it). Calls on the same xid in one batch go in turn (`inRounds`).
struct SessionBatches: Sendable {
    /// A branch to insert without row locks.
    struct BranchInput: Sendable {
        var branch: BranchSession
        var requireOpen: Bool
    }

    /// A registration's answer, with the session row's version it wrote (nil when refused).
    struct Registration: Sendable, Equatable {
        var insertion: BranchInsertion
        var revision: String?
    }

    /// A session to insert.
    struct GlobalInput: Sendable {
        var session: GlobalSession
        var durability: Durability
    }

    /// A session to delete if still in `expected` (and at `revision`, when given).
    struct GlobalDeletion: Sendable {
        var xid: String
        var expected: GlobalStatus
        var revision: String?
        var durability: Durability
    }

    /// A branch to delete, with its locks or not.
    struct BranchDeletion: Sendable {
        var xid: String
        var branchId: Int64
        var releaseLocks: Bool
        var durability: Durability
    }

    /// How many batches of one kind may be at the database at once.
    ///
    /// One: a call that arrives while its kind is at the database joins the next batch, which
    /// grows with the load, and the six kinds still put several commits at the database at once
    /// for PostgreSQL to merge their WAL flushes. Two per kind made more, smaller batches and
    /// cost PostgreSQL more per transaction: in an A/B run (16 TMs, 8 s each, four rounds) one
    /// made 1,694–1,812 tx/s at 0.51–0.56 ms of PostgreSQL's CPU a transaction, two 1,551–1,694
    /// (1,122 in a round disturbed by a vacuum) at 0.58–0.65 ms.
    static let inFlight = 1

    /// How long the ends of sessions after their phase two gather before they go out
    /// (`BackgroundEnds`): nobody waits for them, and at a thousand transactions a second the
    /// end statements were a quarter of the store's statements, a few sessions each.
    static let endLinger: Duration = .milliseconds(10)

    /// The statements.
    let sql: BatchSQL
    let insertGlobal: StatementBatcher<GlobalInput, String?>
    let insertBranch: StatementBatcher<BranchInput, Registration>
    let readGlobal: StatementBatcher<String, GlobalSession?>
    let changeStatus: StatementBatcher<StatusChange, Bool>
    let deleteGlobal: StatementBatcher<GlobalDeletion, Bool>
    /// `deleteGlobal` for the ends nobody waits for (`BackgroundEnds`), gathered for `endLinger`.
    let endGlobal: StatementBatcher<GlobalDeletion, Bool>
    let deleteBranch: StatementBatcher<BranchDeletion, Void>

    init(pool: ConnectionPool, sql: StoreSQL, batch: BatchSQL) {
        self.sql = batch
        insertGlobal = StatementBatcher("insert global", concurrency: Self.inFlight) { inputs in
            try await pool.withConnection { connection in
                var binds = Self.binds(inputs.map(\.session))
                binds.append(Self.synchronousCommit(inputs.map(\.durability)))
                let revisions = try await batch.run(BatchSQL.InsertGlobals.self, binds, on: connection) { rows in
                    var revisions: [String: String] = [:]
                    for try await row in rows {
                        let (xid, revision, _) = try row.decode((String, String, String).self)
                        revisions[xid] = revision
                    }
                    return revisions
                }
                return inputs.map { revisions[$0.session.xid] }
            }
        }
        insertBranch = StatementBatcher("insert branch", concurrency: Self.inFlight) { inputs in
            try await pool.withConnection { try await Self.insertBranches(inputs, batch: batch, on: $0) }
        }
        readGlobal = StatementBatcher("read global", concurrency: Self.inFlight) { xids in
            try await pool.withConnection { connection in
                var binds = PostgresBindings(capacity: 1)
                binds.append(Array(Set(xids)))
                var sessions = try await batch.run(BatchSQL.SelectSessions.self, binds, on: connection) { rows in
                    var sessions: [GlobalSession] = []
                    for try await row in rows {
                        let (session, branch) = try Rows.sessionAndBranch(row)
                        if sessions.last?.xid != session.xid { sessions.append(session) }
                        if let branch { sessions[sessions.count - 1].branches.append(branch) }
                    }
                    return sessions
                }
                try await DatabaseStore.attachLockKeys(to: &sessions, sql: batch, on: connection)
                var byXid: [String: GlobalSession] = [:]
                for session in sessions { byXid[session.xid] = session }
                return xids.map { byXid[$0] }
            }
        }
        changeStatus = StatementBatcher("change status", concurrency: Self.inFlight) { changes in
            try await changes.answeredInRounds(by: \.xid) { try await Self.change($0, pool: pool, batch: batch) }
        }
        let deleteInRounds: StatementBatcher<GlobalDeletion, Bool>.Execute = { deletions in
            try await deletions.answeredInRounds(by: \.xid) { try await Self.delete($0, pool: pool, batch: batch) }
        }
        deleteGlobal = StatementBatcher("delete global", concurrency: Self.inFlight, execute: deleteInRounds)
        endGlobal = StatementBatcher(
            "end global",
            concurrency: Self.inFlight,
            linger: Self.endLinger,
            execute: deleteInRounds
        )
        deleteBranch = StatementBatcher("delete branch", concurrency: Self.inFlight) { deletions in
            try await pool.withConnection { connection in
                var binds = PostgresBindings(capacity: 4)
                binds.append(deletions.map(\.xid))
                binds.append(deletions.map(\.branchId))
                binds.append(deletions.filter(\.releaseLocks).map(\.branchId))
                binds.append(Self.synchronousCommit(deletions.map(\.durability)))
                try await batch.run(BatchSQL.DeleteBranches.self, binds, on: connection)
                return deletions.map { _ in () }
            }
        }
    }

    /// One round of status changes (distinct xids): the compare-and-set, then in the same
    /// transaction the lock statement for those that changed and asked for one.
    private static func change(_ changes: [StatusChange], pool: ConnectionPool, batch: BatchSQL) async throws
        -> Set<String>
    {
        var binds = PostgresBindings(capacity: 4)
        binds.append(changes.map(\.xid))
        binds.append(changes.map { Int16($0.expected.rawValue) })
        binds.append(changes.map { Int16($0.status.rawValue) })
        binds.append(changes.map { $0.revision ?? "" })
        let withLocks = changes.contains { $0.locks != .keep }
        let body: @Sendable (PostgresConnection) async throws -> Set<String> = { [binds] connection in
            let readWon: (BatchSQL.BatchRows) async throws -> Set<String> = { rows in
                var won = Set<String>()
                for try await row in rows { won.insert(try row.decode(String.self)) }
                return won
            }
            // A round's xids are distinct: one change is one session (see `BatchSQL`).
            let won =
                changes.count == 1
                ? try await batch.run(BatchSQL.UpdateStatusOfOne.self, binds, on: connection, read: readWon)
                : try await batch.run(BatchSQL.UpdateStatuses.self, binds, on: connection, read: readWon)
            guard withLocks else { return won }
            let release = changes.filter { $0.locks == .release && won.contains($0.xid) }.map(\.xid)
            let mark = changes.filter { $0.locks == .markRollbacking && won.contains($0.xid) }.map(\.xid)
            guard !release.isEmpty || !mark.isEmpty else { return won }
            var lockBinds = PostgresBindings(capacity: 2)
            lockBinds.append(release)
            lockBinds.append(mark)
            try await batch.run(BatchSQL.ReleaseOrMarkLocks.self, lockBinds, on: connection)
            return won
        }
        return try await withLocks ? pool.withTransaction(body) : pool.withConnection(body)
    }

    /// One round of session deletions (distinct xids), with their branches and locks.
    ///
    /// A session still open (`Begin`) can take a registration while its row lock is awaited: the
    /// branches and locks then go in a second statement of the same transaction, which sees it.
    /// Sessions already decided take none that holds locks, so they end in one statement (and
    /// one commit); the rare SAGA branch that slips in meanwhile is left to
    /// `removeOrphanedBranches` (the timeout-check job), rather than a second statement for
    /// every end.
    private static func delete(_ deletions: [GlobalDeletion], pool: ConnectionPool, batch: BatchSQL) async throws
        -> Set<String>
    {
        var binds = PostgresBindings(capacity: 4)
        binds.append(deletions.map(\.xid))
        binds.append(deletions.map { Int16($0.expected.rawValue) })
        let flush = synchronousCommit(deletions.map(\.durability))
        binds.append(flush)
        binds.append(deletions.map { $0.revision ?? "" })
        if deletions.contains(where: { $0.expected == .begin }) {
            return try await pool.withTransaction { [binds] connection in
                let ended = try await deleted(BatchSQL.DeleteGlobals.self, binds, batch: batch, on: connection)
                guard !ended.isEmpty else { return ended }
                var rest = PostgresBindings(capacity: 2)
                rest.append(Array(ended))
                rest.append(flush)
                try await batch.run(BatchSQL.DeleteBranchesAndLocksOfXids.self, rest, on: connection)
                return ended
            }
        }
        return try await pool.withConnection { [binds] connection in
            deletions.count == 1
                ? try await deleted(BatchSQL.EndGlobalOfOne.self, binds, batch: batch, on: connection)
                : try await deleted(BatchSQL.EndGlobals.self, binds, batch: batch, on: connection)
        }
    }

    /// The xids a deletion statement removed.
    private static func deleted<Kind: BatchStatementKind>(
        _ kind: Kind.Type,
        _ binds: PostgresBindings,
        batch: BatchSQL,
        on connection: PostgresConnection
    ) async throws -> Set<String> {
        try await batch.run(kind, binds, on: connection) { rows in
            var gone = Set<String>()
            for try await row in rows { gone.insert(try row.decode((String, String).self).0) }
            return gone
        }
    }

    /// Inserts the branches whose sessions accept them; one answer per input.
    static func insertBranches(_ inputs: [BranchInput], batch: BatchSQL, on connection: PostgresConnection)
        async throws -> [Registration]
    {
        let read: (BatchSQL.BatchRows) async throws -> [Registration] = { rows in
            var outcomes = [Registration](
                repeating: Registration(insertion: .globalNotFound, revision: nil),
                count: inputs.count
            )
            for try await row in rows {
                let (ordinal, status, inserted, revision) = try row.decode((Int64, Int16?, Bool, String?).self)
                guard let index = Int(exactly: ordinal - 1), outcomes.indices.contains(index) else { continue }
                let insertion = insertion(status: status, inserted: inserted)
                outcomes[index] = Registration(insertion: insertion, revision: insertion == .inserted ? revision : nil)
            }
            return outcomes
        }
        let binds = binds(inputs)
        return Set(inputs.map(\.branch.xid)).count == 1
            ? try await batch.run(BatchSQL.InsertBranchesOfOne.self, binds, on: connection, read: read)
            : try await batch.run(BatchSQL.InsertBranches.self, binds, on: connection, read: read)
    }

    /// The batch's `synchronous_commit`.
    ///
    /// `off` (the commit returns before its WAL flush) when no call in it needs that flush:
    /// phase-two progress (`Durability.deferred`), whose loss in a crash of the database server
    /// only sends phase two again, and new sessions (`Durability.opening`), which every change
    /// that depends on them flushes first, coming later in the same WAL. PostgreSQL flushes it
    /// within a few `wal_writer_delay`s anyway. Others see the change at once either way.
    private static func synchronousCommit(_ levels: [Durability]) -> String {
        levels.allSatisfy { $0 == .deferred || $0 == .opening } ? "off" : "on"
    }

    /// A registration's answer from its session's status (nil: no session) and whether the row
    /// went in.
    private static func insertion(status: Int16?, inserted: Bool) -> BranchInsertion {
        guard let status else { return .globalNotFound }
        if inserted { return .inserted }
        let global = UInt8(exactly: status).flatMap(GlobalStatus.init(rawValue:)) ?? .unknown
        return .globalNotOpen(global, isActive: global == .begin)
    }

    private static func binds(_ sessions: [GlobalSession]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 9)
        binds.append(sessions.map(\.xid))
        binds.append(sessions.map(\.transactionId))
        binds.append(sessions.map { Int16($0.status.rawValue) })
        binds.append(sessions.map(\.applicationId))
        binds.append(sessions.map(\.transactionServiceGroup))
        binds.append(sessions.map(\.transactionName))
        binds.append(sessions.map { Int32(clamping: $0.timeout) })
        binds.append(sessions.map(\.beginTime))
        binds.append(sessions.map(\.applicationData))
        return binds
    }

    private static func binds(_ inputs: [BranchInput]) -> PostgresBindings {
        let branches = inputs.map(\.branch)
        var binds = PostgresBindings(capacity: 10)
        binds.append(branches.map(\.branchId))
        binds.append(branches.map(\.xid))
        binds.append(branches.map(\.transactionId))
        binds.append(branches.map(\.resourceGroupId))
        binds.append(branches.map(\.resourceId))
        binds.append(branches.map(\.branchType.description))
        binds.append(branches.map { Int16($0.status.rawValue) })
        binds.append(branches.map(\.clientId))
        binds.append(branches.map(\.applicationData))
        binds.append(inputs.map(\.requireOpen))
        return binds
    }
}
