import PostgresNIO
public import SeataProtocol
public import TransactionCore

extension DatabaseStore {
    /// `INSERT INTO global_table …`, batched with concurrent begins.
    ///
    /// A new session (`Durability.opening`) commits without waiting for its WAL flush. The
    /// session is kept as written (`SessionCopies`).
    public func insertGlobal(_ session: GlobalSession, durability: Durability) async throws {
        let input = SessionBatches.GlobalInput(session: session, durability: durability)
        if let revision = try await batched(batches.insertGlobal, input) {
            copies.opened(session, revision: revision)
        }
    }

    /// The session with its branches (lock keys rebuilt from `lock_table` for AT branches);
    /// batched with concurrent reads.
    ///
    /// A session whose end is on its way to the database (`BackgroundEnds`) has ended: nil.
    public func global(xid: String) async throws -> GlobalSession? {
        if backgroundEnds.contains(xid) { return nil }
        return try await batched(batches.readGlobal, xid)
    }

    /// The copy of a session this store opened and every registration on which it made
    /// (`SessionCopies`), else `global(xid:)`.
    ///
    /// The copy names the row version of this store's last write to it: a decision taken on a
    /// stale copy fails on that version, and the copy is forgotten then.
    public func globalToDecide(xid: String) async throws -> GlobalSession? {
        if let copy = copies.toDecide(xid) { return copy }
        return try await global(xid: xid)
    }

    /// Compare-and-set of the status, then the locks in the same transaction (batched with
    /// concurrent changes).
    ///
    /// The lock statement runs after the status UPDATE (which waits for a branch registration
    /// holding the row), so it sees every lock that registration committed.
    public func updateGlobalStatus(_ change: StatusChange) async throws -> Bool {
        let copy = copies.forget(change.xid)
        let changed = try await batched(batches.changeStatus, change)
        copies.decided(on: copy, revision: change.revision, succeeded: changed)
        return changed
    }

    /// Deletes the session if still in `expected` (and at `revision`, when given), then its
    /// branches and locks, in one transaction (batched with concurrent ends).
    ///
    /// The end of a session whose phase two is complete (deferred, past Begin) goes to the
    /// database in the background (`BackgroundEnds`) and answers true at once: the TM's answer
    /// does not wait for a statement that cannot change it.
    public func deleteGlobal(xid: String, expected: GlobalStatus, revision: String?, durability: Durability)
        async throws -> Bool
    {
        let copy = copies.forget(xid)
        let deletion = SessionBatches.GlobalDeletion(
            xid: xid,
            expected: expected,
            revision: revision,
            durability: durability
        )
        if durability == .deferred && expected != .begin {
            let endpoint = settings.url.endpoint
            backgroundEnds.start(xid: xid) { [batches] answer in
                batches.endGlobal.submit(deletion) { answer($0.mapError { StoreFailure($0, endpoint: endpoint) }) }
            }
            return true
        }
        let deleted = try await batched(batches.deleteGlobal, deletion)
        copies.decided(on: copy, revision: revision, succeeded: deleted)
        return deleted
    }

    /// A page of sessions for a job, with their branches (lock keys left empty: the jobs read
    /// each session again before driving it).
    public func globals(matching query: SessionQuery) async throws -> [GlobalSession] {
        var text = "SELECT \(StoreSQL.globalColumns) FROM \(settings.tables.global) WHERE status = ANY($1)"
        var binds = PostgresBindings()
        binds.append(query.statuses.map { Int16($0.rawValue) })
        if let now = query.timedOutAt {
            binds.append(now)
            text += " AND begin_time + timeout < $\(binds.count)"
        }
        if let after = query.after {
            binds.append(after.beginTime)
            binds.append(after.xid)
            text += " AND (begin_time, xid) > ($\(binds.count - 1), $\(binds.count))"
        }
        binds.append(Int64(max(0, query.limit)))
        text += " ORDER BY begin_time, xid LIMIT $\(binds.count)"
        let batch = batches.sql
        return try await pool(read: "a page of sessions") { [text, binds] connection in
            var sessions: [GlobalSession] = []
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: text, binds: binds),
                logger: ConnectionPool.quiet
            ) {
                sessions.append(try Rows.global(row))
            }
            try await Self.attachBranches(to: &sessions, lockKeys: false, sql: batch, on: connection)
            return sessions
        }
    }

    /// Reads the branches of `sessions` (in one statement), and with `lockKeys` each AT branch's
    /// lock key rebuilt from `lock_table`.
    static func attachBranches(
        to sessions: inout [GlobalSession],
        lockKeys: Bool,
        sql: BatchSQL,
        on connection: PostgresConnection
    ) async throws {
        guard !sessions.isEmpty else { return }
        var positions: [String: Int] = [:]
        for (index, session) in sessions.enumerated() { positions[session.xid] = index }
        var binds = PostgresBindings()
        binds.append(sessions.map(\.xid))
        let branches = try await sql.run(BatchSQL.SelectBranchesOfMany.self, binds, on: connection) { rows in
            var branches: [BranchSession] = []
            for try await row in rows { branches.append(try Rows.branch(row)) }
            return branches
        }
        for branch in branches {
            if let index = positions[branch.xid] { sessions[index].branches.append(branch) }
        }
        if lockKeys { try await attachLockKeys(to: &sessions, sql: sql, on: connection) }
    }

    /// Rebuilds each AT branch's lock key from `lock_table` (in one statement).
    static func attachLockKeys(to sessions: inout [GlobalSession], sql: BatchSQL, on connection: PostgresConnection)
        async throws
    {
        var positions: [String: Int] = [:]
        for (index, session) in sessions.enumerated() { positions[session.xid] = index }
        let withLocks = sessions.filter { $0.branches.contains { $0.branchType == .at } }.map(\.xid)
        guard !withLocks.isEmpty else { return }
        var lockBinds = PostgresBindings()
        lockBinds.append(withLocks)
        let held = try await sql.run(BatchSQL.SelectLocksOfMany.self, lockBinds, on: connection) { rows in
            var held: [String: [Int64: [RowLock]]] = [:]
            for try await row in rows {
                let lock = try Rows.lock(row)
                held[lock.xid, default: [:]][lock.branchId, default: []].append(lock)
            }
            return held
        }
        for (xid, branches) in held {
            guard let index = positions[xid] else { continue }
            for position in sessions[index].branches.indices {
                if let rows = branches[sessions[index].branches[position].branchId] {
                    sessions[index].branches[position].lockKey = LockKey.lockKey(of: rows)
                }
            }
        }
    }

    /// `SELECT count(*) …`.
    public func countGlobals(statuses: Set<GlobalStatus>) async throws -> Int {
        var binds = PostgresBindings()
        binds.append(statuses.map { Int16($0.rawValue) })
        return try await run(sql.countGlobals, binds) { rows in
            var count: Int64 = 0
            for try await row in rows { count = try row.decode(Int64.self) }
            return Int(count)
        }
    }

    /// The branch and its new row locks in one transaction; a branch without locks is batched
    /// with concurrent registrations.
    public func insertBranch(
        _ branch: BranchSession,
        locks: LockRequest,
        requireOpen: Bool,
        durability: Durability
    ) async throws -> BranchInsertion {
        copies.registering(branch.xid)
        var outcome = SessionCopies.Registered.unknown
        defer { copies.registered(branch, outcome) }
        let input = SessionBatches.BranchInput(branch: branch, requireOpen: requireOpen)
        if locks.rows.isEmpty {
            let registration = try await batched(batches.insertBranch, input)
            if let revision = registration.revision { outcome = .wrote(revision: revision) }
            return registration.insertion
        }
        let sql = sql
        let batch = batches.sql
        do {
            let registration = try await transaction { connection in
                let registration = try await SessionBatches.insertBranches([input], batch: batch, on: connection)[0]
                guard registration.insertion == .inserted else {
                    throw BranchRefusal(insertion: registration.insertion)
                }
                if let conflict = try await Self.takeLocks(locks, of: branch, sql: sql, on: connection) {
                    throw BranchRefusal(insertion: .lockConflict(conflict))
                }
                return registration
            }
            if let revision = registration.revision { outcome = .wrote(revision: revision) }
            return registration.insertion
        } catch let refusal as BranchRefusal {
            if case .lockConflict = refusal.insertion { outcome = .nothing }
            return refusal.insertion
        }
    }

    /// Inserts the rows not held yet; the first row held by another transaction (in request
    /// order) is the conflict, and the caller rolls everything back.
    private static func takeLocks(
        _ request: LockRequest,
        of branch: BranchSession,
        sql: StoreSQL,
        on connection: PostgresConnection
    ) async throws -> LockConflict? {
        var binds = PostgresBindings(capacity: 7)
        binds.append(request.rows.map(\.rowKey))
        binds.append(branch.xid)
        binds.append(branch.transactionId)
        binds.append(branch.branchId)
        binds.append(request.rows.map(\.resourceId))
        binds.append(request.rows.map(\.tableName))
        binds.append(request.rows.map(\.pk))
        var taken = Set<String>()
        for try await row in try await connection.query(
            PostgresQuery(unsafeSQL: sql.insertLocks, binds: binds),
            logger: ConnectionPool.quiet
        ) {
            taken.insert(try row.decode(String.self))
        }
        let held = request.rows.filter { !taken.contains($0.rowKey) }
        guard !held.isEmpty else { return nil }
        var keyBinds = PostgresBindings()
        keyBinds.append(held.map(\.rowKey))
        var holders: [String: RowLock] = [:]
        for try await row in try await connection.query(
            PostgresQuery(unsafeSQL: sql.selectLocks, binds: keyBinds),
            logger: ConnectionPool.quiet
        ) {
            let lock = try Rows.lock(row)
            holders[lock.rowKey] = lock
        }
        for row in held {
            // Gone again since the insert (released in between): another registration will tell.
            guard let holder = holders[row.rowKey], holder.xid != branch.xid else { continue }
            let failFast =
                !request.options.autoCommit && !request.options.skipCheckLock && holder.status == .rollbacking
            return LockConflict(
                rowKey: row.rowKey,
                holderXid: holder.xid,
                holderBranchId: holder.branchId,
                failFast: failFast
            )
        }
        return nil
    }

    /// `UPDATE branch_table SET status = ?, application_data = ? …`.
    public func updateBranch(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        applicationData: String,
        durability: Durability
    ) async throws -> Bool {
        var binds = PostgresBindings(capacity: 4)
        binds.append(xid)
        binds.append(branchId)
        binds.append(Int16(status.rawValue))
        binds.append(applicationData)
        defer { copies.forget(xid) }
        return try await run(sql.updateBranch, binds) { try await Self.count($0) > 0 }
    }

    /// `DELETE FROM branch_table …` [and its rows of `lock_table`], batched with concurrent
    /// removals.
    public func deleteBranch(xid: String, branchId: Int64, releaseLocks: Bool, durability: Durability) async throws {
        try await batched(
            batches.deleteBranch,
            SessionBatches.BranchDeletion(
                xid: xid,
                branchId: branchId,
                releaseLocks: releaseLocks,
                durability: durability
            )
        )
    }

    /// `DELETE FROM branch_table b WHERE NOT EXISTS (… global_table g WHERE g.xid = b.xid)`.
    public func removeOrphanedBranches() async throws -> Int {
        try await run(sql.deleteOrphanedBranches) { try await Self.count($0) }
    }

    /// `DELETE FROM lock_table WHERE xid = ?`.
    public func releaseLocks(xid: String, durability: Durability) async throws {
        try await run(sql.releaseLocksOfXid, Self.binds(xid)) { _ in }
    }

    /// `SELECT … FROM lock_table WHERE row_key = ANY(?)`.
    public func lockedRows(_ rowKeys: [String]) async throws -> [RowLock] {
        guard !rowKeys.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(rowKeys)
        return try await run(sql.selectLocks, binds) { rows in
            var locks: [RowLock] = []
            for try await row in rows { locks.append(try Rows.lock(row)) }
            return locks
        }
    }

    /// The upsert that takes the lease when it is free, expired or already ours.
    public func acquireJobLease(_ job: RecoveryJobName, owner: String, duration: Duration) async throws -> Bool {
        try await acquireLease(key: job.rawValue, owner: owner, duration: duration)
    }

    /// Expires the lease now if `owner` holds it.
    public func releaseJobLease(_ job: RecoveryJobName, owner: String) async throws {
        var binds = PostgresBindings(capacity: 2)
        binds.append(job.rawValue)
        binds.append(owner)
        try await run(sql.releaseLease, binds) { _ in }
    }

    func acquireLease(key: String, owner: String, duration: Duration) async throws -> Bool {
        var binds = PostgresBindings(capacity: 3)
        binds.append(key)
        binds.append(owner)
        binds.append(duration.wholeMilliseconds)
        return try await run(sql.acquireLease, binds) { try await Self.count($0) > 0 }
    }

    /// Runs reads on one pooled connection, failures as `StoreFailure`.
    private func pool<Result: Sendable>(
        read what: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await pool.withConnection(body)
        } catch {
            throw StoreFailure(error, endpoint: settings.url.endpoint)
        }
    }

    static func binds(_ text: String) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 1)
        binds.append(text)
        return binds
    }
}
