public import ZooKeeper

/// Concurrent writers kept changing the keys: every attempt's plan was outdated when applied.
///
/// The last attempt wrote nothing (its multi failed as a whole). Running the seed again is safe.
public struct SeedConflictError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was seeded.
    public var layout: ConfigLayout
    /// How many attempts were made.
    public var attempts: Int
    /// The conflict of the last attempt (a version check, a node that appeared or vanished).
    public var lastConflict: ZooKeeperError
    /// Multis committed by earlier attempts of a plan that needed several (0 for one multi).
    public var multisApplied: Int

    /// An error from its parts.
    public init(layout: ConfigLayout, attempts: Int, lastConflict: ZooKeeperError, multisApplied: Int = 0) {
        self.layout = layout
        self.attempts = attempts
        self.lastConflict = lastConflict
        self.multisApplied = multisApplied
    }

    /// What happened and what to do.
    public var description: String {
        "the \(layout) kept changing while seeding: each of \(attempts) attempts found its plan outdated "
            + "(last: \(lastConflict)); the last attempt wrote nothing; run the seed again"
    }
}

/// Applying a plan failed for a reason other than a concurrent writer (an ACL, the connection).
public struct SeedApplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server's answer.
    public var underlying: ZooKeeperError
    /// Multis of this plan committed before the failing one.
    public var multisApplied: Int
    /// Multis the plan needed.
    public var multiCount: Int

    /// An error from its parts.
    public init(underlying: ZooKeeperError, multisApplied: Int, multiCount: Int) {
        self.underlying = underlying
        self.multisApplied = multisApplied
        self.multiCount = multiCount
    }

    /// The server's answer and what was written.
    public var description: String {
        let written =
            if underlying.code == .connectionLoss {
                "the failing multi may or may not have been applied; run the seed again to converge"
            } else if multisApplied == 0 {
                "nothing was written"
            } else {
                "\(multisApplied) of \(multiCount) multis were committed before it; run the seed again to converge"
            }
        return "\(underlying); \(written)"
    }
}
