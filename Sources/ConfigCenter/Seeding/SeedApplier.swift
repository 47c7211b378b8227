public import ZooKeeper

/// Reads, plans and applies a seed through one session, re-planning when another writer got
/// there first.
///
/// Each apply is one `multi` when the plan fits one request (`jute.maxbuffer`), so it is
/// all-or-nothing, and guarded by the versions the plan read (see `SeedPlan.operations`).
/// When a guard fails (`.badVersion`, `.nodeExists`, `.noNode`) nothing was written: the tree
/// is read again, a new plan made and applied, up to `SeedOptions.maxAttempts` times, and then
/// a `SeedConflictError` says so. A plan larger than one request is applied as several multis in
/// order, each atomic; a failure part way leaves the earlier ones committed, and running the seed
/// again converges (the rules only ever move the tree towards the input).
public struct SeedApplier: Sendable {
    /// The session to read and write through.
    public let client: ZooKeeperClient
    /// The rules and the ACL of created nodes.
    public let planner: SeedPlanner

    /// An applier over `client` with `planner`'s rules.
    public init(client: ZooKeeperClient, planner: SeedPlanner) {
        self.client = client
        self.planner = planner
    }

    /// Reads what `layout` holds (after a `sync`) and plans `input` against it.
    ///
    /// - Throws: `ZooKeeperError` from the reads, `SeedPlanError` from planning,
    ///   `MissingChrootError` when the connect string's chroot does not exist.
    public func plan(_ input: SeedInput, layout: ConfigLayout) async throws -> SeedPlan {
        let stored = try await StoredConfigReader(client: client).read(layout)
        // Under a missing chroot the root can never be created: say so instead of retrying.
        if stored.isAbsent { try await MissingChrootError.check(client) }
        let missing = try await missingAncestors(of: layout, stored: stored)
        return try planner.plan(input, stored: stored, missingAncestors: missing)
    }

    /// Plans and, unless `dryRun`, applies `input`.
    ///
    /// - Parameters:
    ///   - input: The wanted keys.
    ///   - layout: Where they go.
    ///   - dryRun: Plan only; write nothing.
    ///   - progress: Told where the seed is (for a progress display); called on the caller's task.
    /// - Returns: The plan applied (the last one made) and how.
    /// - Throws: `SeedConflictError` after `maxAttempts` conflicting attempts; `SeedApplyError`
    ///   when a multi fails otherwise (no auth, connection loss); `ZooKeeperError` from reads;
    ///   `SeedPlanError`.
    public func seed(
        _ input: SeedInput,
        layout: ConfigLayout,
        dryRun: Bool = false,
        progress: (SeedProgress) -> Void = { _ in }
    ) async throws -> SeedResult {
        let options = planner.options
        var attempt = 0
        var committedEarlier = 0
        while true {
            attempt += 1
            let plan = try await self.plan(input, layout: layout)
            progress(.read(keys: plan.actions.count))
            progress(.planned(plan.summary, attempt: attempt))
            guard !dryRun, plan.hasChanges else {
                return SeedResult(plan: plan, applied: false, attempts: attempt, multis: 0, operations: 0)
            }
            let batches = plan.batches(acl: options.acl, limit: options.requestLimit)
            var committed = 0
            do {
                for batch in batches {
                    _ = try await client.multi(batch)
                    committed += 1
                    progress(.applied(index: committed, count: batches.count, operations: batch.count))
                }
                return SeedResult(
                    plan: plan,
                    applied: true,
                    attempts: attempt,
                    multis: batches.count,
                    operations: batches.reduce(0) { $0 + $1.count }
                )
            } catch let error as ZooKeeperError where Self.isConflict(error) {
                committedEarlier += committed
                guard attempt < options.maxAttempts else {
                    throw SeedConflictError(
                        layout: layout,
                        attempts: attempt,
                        lastConflict: error,
                        multisApplied: committedEarlier
                    )
                }
                progress(.conflict(attempt: attempt, maxAttempts: options.maxAttempts, reason: error.description))
                // Spread the retries of writers that collided, so they do not collide again.
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...25) * attempt))
            } catch let error as ZooKeeperError {
                throw SeedApplyError(underlying: error, multisApplied: committed, multiCount: batches.count)
            }
        }
    }

    /// A guard failed: another writer changed a key between the read and the multi, so
    /// nothing of the multi was applied and a fresh plan may succeed.
    static func isConflict(_ error: ZooKeeperError) -> Bool {
        [.badVersion, .nodeExists, .noNode].contains(error.code)
    }

    /// The znodes to create before the keys, top-down: the absent root (per-key) or the single
    /// node's absent parents, with their own absent parents.
    private func missingAncestors(of layout: ConfigLayout, stored: StoredConfig) async throws -> [String] {
        switch layout {
        case .perKey(let root):
            guard stored.isAbsent, root != "/" else { return [] }
            return try await missingPaths(upTo: root)
        case .singleNode(let path, _):
            guard stored.isAbsent else { return [] }
            return try await missingPaths(upTo: Self.parent(of: path))
        }
    }

    /// `path` and its ancestors that do not exist, top-down.
    private func missingPaths(upTo path: String) async throws -> [String] {
        guard path != "/" else { return [] }
        var chain: [String] = []
        var current = path
        while current != "/" {
            chain.append(current)
            current = Self.parent(of: current)
        }
        // Walk up from the bottom until a node exists; everything below it is missing.
        var missing: [String] = []
        for candidate in chain {
            if try await client.exists(candidate) != nil { break }
            missing.append(candidate)
        }
        return missing.reversed()
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
