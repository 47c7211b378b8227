public import ZooKeeper

/// What is stored in ZooKeeper for a configuration, as read: raw bytes with their znode
/// versions, before any parsing or validation.
///
/// Seeding plans against these versions;
/// loading turns them into values with origins.
public struct StoredConfig: Sendable {
    /// One stored key.
    public struct Entry: Sendable, Hashable {
        /// The znode holding the value.
        public var path: String
        /// The znode's data.
        public var bytes: [UInt8]
        /// The znode's metadata when read; `stat.version` guards a later write.
        public var stat: ZNodeStat

        /// An entry from its parts.
        public init(path: String, bytes: [UInt8], stat: ZNodeStat) {
            self.path = path
            self.bytes = bytes
            self.stat = stat
        }

        /// The value as text, or nil when the bytes are not UTF-8.
        public var text: String? { String(validating: bytes, as: UTF8.self) }
    }

    /// The layout that was read.
    public var layout: ConfigLayout
    /// The metadata of the root (per-key) or of the node (single-node); nil when it does not exist.
    public var baseStat: ZNodeStat?
    /// Each key's znode, by key: the per-key layout's keys, or, for a single node read with
    /// its fallback, the per-key znodes under its root (Seata reads them for keys the node lacks).
    public var keys: [String: Entry]
    /// Single-node layout: the node's data (a properties text).
    ///
    /// Nil for the per-key layout
    /// or when the node does not exist.
    public var node: Entry?
    /// Keys whose znode has children of its own.
    ///
    /// Seata never writes those;
    /// they are reported, not read.
    public var nestedKeys: [String]
    /// Per-key layout: the path of a single node found among the keys (`ROOT/seata.properties`,
    /// Seata's other layout), which is not a key and is not read; nil when there is none.
    public var nodeBesideKeys: String?

    /// A stored configuration from its parts.
    public init(
        layout: ConfigLayout,
        baseStat: ZNodeStat?,
        keys: [String: Entry] = [:],
        node: Entry? = nil,
        nestedKeys: [String] = [],
        nodeBesideKeys: String? = nil
    ) {
        self.layout = layout
        self.baseStat = baseStat
        self.keys = keys
        self.node = node
        self.nestedKeys = nestedKeys
        self.nodeBesideKeys = nodeBesideKeys
    }

    /// True when the root (or node) does not exist at all.
    public var isAbsent: Bool { baseStat == nil }
}
