import PostgresNIO
import TransactionCore

/// Each coordinator's row in `distributed_lock`: `WorkerId-<n>` → its advertised `host:port`,
/// with an expiry it renews.
///
/// The row does two jobs. Its number is the coordinator's snowflake worker id, distinct among
/// the coordinators alive on the database, so transaction and branch ids never collide. And
/// its expiry says the coordinator is alive: a session left in Committing or Rollbacking by a
/// coordinator whose row has expired has nobody driving it, and the retry jobs of the others
/// take it over at once instead of waiting Seata's `server.retryDeadThreshold` (130 s).
///
/// Seata's own servers ignore these rows (they read only their four job keys), and the table's
/// columns stay Seata's.
extension DatabaseStore {
    /// The `lock_key` prefix of instance rows.
    public static let instanceKeyPrefix = "WorkerId-"

    /// Takes a free worker id for `owner` (its advertised `host:port`) until `lease` from now,
    /// trying `preferred` first, then the following ones.
    ///
    /// - Returns: The worker id, 0…1023.
    /// - Throws: `StoreFailure`, or `DatabaseStoreError(.configuration)` when all 1,024 are
    ///   held or `owner` is longer than the column (20 characters).
    public func claimWorkerId(owner: String, preferred: Int, lease: Duration) async throws -> Int {
        guard owner.utf8.count <= 20 else {
            throw DatabaseStoreError(
                .configuration,
                problem: "the advertised address \(owner) is longer than distributed_lock.lock_value (20 characters)",
                action: "advertise a shorter address (--advertise-host), such as an IPv4 address"
            )
        }
        let count = IdGenerator.maxWorkerId + 1
        for step in 0..<count {
            let id = (preferred + step) % count
            if try await acquireLease(key: Self.instanceKeyPrefix + String(id), owner: owner, duration: lease) {
                return id
            }
        }
        throw DatabaseStoreError(
            .configuration,
            problem: "all 1,024 worker ids in \(settings.tables.distributedLock) are held by live coordinators",
            action: "stop coordinators that should not run, or wait for the leases of dead ones to expire"
        )
    }

    /// Extends this coordinator's worker-id lease; false when another coordinator holds it now
    /// (ours expired first), and a new id must be claimed.
    public func renewWorkerId(_ id: Int, owner: String, lease: Duration) async throws -> Bool {
        var binds = PostgresBindings(capacity: 3)
        binds.append(Self.instanceKeyPrefix + String(id))
        binds.append(owner)
        binds.append(lease.wholeMilliseconds)
        return try await run(sql.renewLease, binds) { try await Self.count($0) > 0 }
    }

    /// Gives the worker id back (graceful shutdown), so peers see at once that nobody drives
    /// this coordinator's sessions any more.
    public func releaseWorkerId(_ id: Int, owner: String) async throws {
        var binds = PostgresBindings(capacity: 2)
        binds.append(Self.instanceKeyPrefix + String(id))
        binds.append(owner)
        try await run(sql.releaseLease, binds) { _ in }
    }

    /// The advertised addresses of the coordinators whose instance lease has not expired.
    public func liveCoordinators() async throws -> Set<String>? {
        try await run(sql.liveOwners, Self.binds(Self.instanceKeyPrefix + "%")) { rows in
            var owners = Set<String>()
            for try await row in rows { owners.insert(try row.decode(String.self)) }
            return owners
        }
    }
}
