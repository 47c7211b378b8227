/// What a seed did.
public struct SeedResult: Sendable, Hashable {
    /// The plan that was applied (or, for a dry run, that would be): the last one made, after
    /// any re-planning forced by concurrent writers.
    public var plan: SeedPlan
    /// Whether the plan was written (false for a dry run or a plan without changes).
    public var applied: Bool
    /// How many times the tree was read and planned (1 without conflicts).
    public var attempts: Int
    /// How many multis the apply used (0 when nothing was written).
    public var multis: Int
    /// How many operations those multis held, guards included.
    public var operations: Int

    /// A result from its parts.
    public init(plan: SeedPlan, applied: Bool, attempts: Int, multis: Int, operations: Int) {
        self.plan = plan
        self.applied = applied
        self.attempts = attempts
        self.multis = multis
        self.operations = operations
    }
}

/// Where a seed is, for a progress display.
public enum SeedProgress: Sendable, Hashable {
    /// The stored configuration was read: this many keys.
    case read(keys: Int)
    /// A plan was made (attempt `attempt`).
    case planned(SeedPlan.Summary, attempt: Int)
    /// Multi `index` (1-based) of `count` was committed; `operations` it held.
    case applied(index: Int, count: Int, operations: Int)
    /// The tree changed under the plan; it is read and planned again.
    case conflict(attempt: Int, maxAttempts: Int, reason: String)
}
