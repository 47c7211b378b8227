public import ZooKeeper

/// How a seed treats what is already stored, and how it writes.
public struct SeedOptions: Sendable, Hashable {
    /// Also update stored values that differ from the input (by default they are kept: a
    /// value someone set by hand survives a seed).
    public var overwrite: Bool
    /// Also delete stored keys that the input lacks.
    public var prune: Bool
    /// The ACL of every znode the seed creates (keys, the root and its missing parents).
    public var acl: [ACLEntry]
    /// How many times to read, plan and apply before giving up on concurrent writers.
    public var maxAttempts: Int
    /// The largest request the server accepts (`jute.maxbuffer`); multis are cut to fit.
    public var requestLimit: Int

    /// Options with the defaults: create missing keys only, open ACL, 5 attempts.
    public init(
        overwrite: Bool = false,
        prune: Bool = false,
        acl: [ACLEntry] = .open,
        maxAttempts: Int = 5,
        requestLimit: Int = RequestSize.defaultLimit
    ) {
        self.overwrite = overwrite
        self.prune = prune
        self.acl = acl
        self.maxAttempts = max(1, maxAttempts)
        self.requestLimit = requestLimit
    }
}
