/// What a seed does (or deliberately does not do) with one key.
public struct SeedAction: Sendable, Hashable {
    /// The decision for the key.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The key is missing: it is created with the input's value.
        case create
        /// The stored value differs and `--overwrite` is on: it is replaced.
        case update
        /// The key is stored but not in the input and `--prune` is on: it is deleted.
        case delete
        /// The stored value equals the input's: nothing to do.
        case unchanged
        /// The stored value differs but `--overwrite` is off: the stored value is kept.
        case kept
        /// The input holds the `<redacted>` placeholder for a secret (an export without
        /// secrets): the placeholder is never written.
        case skipped

        /// Whether the action writes to ZooKeeper.
        public var writes: Bool { self == .create || self == .update || self == .delete }
    }

    /// The key.
    public var key: String
    /// The decision.
    public var kind: Kind
    /// The znode that holds the key (the key's own, or the single node).
    public var path: String
    /// The input's value; nil for a delete.
    public var value: String?
    /// The stored bytes when planned; nil when the key was missing.
    public var storedBytes: [UInt8]?
    /// The version of `path` the plan read; nil when the key (or single node) was missing.
    ///
    /// Writes are guarded by it: the apply fails as a whole if the znode moved since.
    public var version: Int32?
    /// The input line of the key, 0 when unknown or for a delete.
    public var line: Int

    /// An action from its parts.
    public init(
        key: String,
        kind: Kind,
        path: String,
        value: String?,
        storedBytes: [UInt8]?,
        version: Int32?,
        line: Int = 0
    ) {
        self.key = key
        self.kind = kind
        self.path = path
        self.value = value
        self.storedBytes = storedBytes
        self.version = version
        self.line = line
    }

    /// The stored value as text (invalid UTF-8 replaced), nil when missing.
    public var storedValue: String? { storedBytes.map { String(decoding: $0, as: UTF8.self) } }
}
