/// What a seed will do, key by key, against the versions it read.
///
/// Made by `SeedPlanner` (pure), applied by `SeedApplier`, rendered by `SeedPlan.render`.
public struct SeedPlan: Sendable, Hashable {
    /// The whole properties text to store in the single node, and the version that guards it.
    public struct NodeWrite: Sendable, Hashable {
        /// The node.
        public var path: String
        /// The new text.
        public var text: String
        /// The node's version when read; nil when it does not exist and is created.
        public var expectedVersion: Int32?

        /// A write from its parts.
        public init(path: String, text: String, expectedVersion: Int32?) {
            self.path = path
            self.text = text
            self.expectedVersion = expectedVersion
        }
    }

    /// How many keys each kind of action concerns.
    public struct Summary: Sendable, Hashable {
        /// Counts by kind; every kind is present.
        public var counts: [SeedAction.Kind: Int]

        /// The count of one kind.
        public subscript(kind: SeedAction.Kind) -> Int { counts[kind] ?? 0 }

        /// Keys written (created, updated or deleted).
        public var changes: Int { self[.create] + self[.update] + self[.delete] }
    }

    /// Where the configuration lives.
    public var layout: ConfigLayout
    /// One action per input key in input order, then the deletions sorted by key.
    public var actions: [SeedAction]
    /// Znodes to create first, top-down: the root and its missing parents (per-key), or the
    /// single node's missing parents.
    public var missingAncestors: [String]
    /// Single-node layout: the node's new text; nil when nothing changes or for the per-key layout.
    public var nodeWrite: NodeWrite?
    /// Stored keys with child znodes that `--prune` leaves alone (deleting them would fail).
    public var nestedKeysNotPruned: [String]
    /// Per-key layout: Seata's single node found among the keys (`ROOT/seata.properties`), which
    /// the plan never touches (not a key, never pruned).
    public var nodeBesideKeys: String?

    /// A plan from its parts.
    public init(
        layout: ConfigLayout,
        actions: [SeedAction],
        missingAncestors: [String] = [],
        nodeWrite: NodeWrite? = nil,
        nestedKeysNotPruned: [String] = [],
        nodeBesideKeys: String? = nil
    ) {
        self.layout = layout
        self.actions = actions
        self.missingAncestors = missingAncestors
        self.nodeWrite = nodeWrite
        self.nestedKeysNotPruned = nestedKeysNotPruned
        self.nodeBesideKeys = nodeBesideKeys
    }

    /// Counts of the actions by kind.
    public var summary: Summary {
        var counts = Dictionary(uniqueKeysWithValues: SeedAction.Kind.allCases.map { ($0, 0) })
        for action in actions { counts[action.kind, default: 0] += 1 }
        return Summary(counts: counts)
    }

    /// Whether applying the plan writes anything (a missing root counts: a seed leaves it there).
    public var hasChanges: Bool {
        actions.contains { $0.kind.writes } || nodeWrite != nil || !missingAncestors.isEmpty
    }

    /// The actions of one kind.
    public func actions(_ kind: SeedAction.Kind) -> [SeedAction] {
        actions.filter { $0.kind == kind }
    }
}
