/// What the schema knows about one key: its type, default, allowed values, and who reads it.
public struct KeySpec: Sendable, Hashable {
    /// The key, or a pattern with one `{placeholder}` standing for one or more characters
    /// (`service.vgroupMapping.{txServiceGroup}`).
    public var name: String
    /// How to read the value.
    public var type: ValueType
    /// The value used when the key is not set, as text; nil when there is none.
    public var defaultValue: String?
    /// The allowed values (`enum`), keywords (`int-or-keyword`), or allowed items (`list`, `string`).
    public var allowedValues: [String]?
    /// The smallest allowed number (for `int`, `long`, `duration-ms`, `int-or-keyword`, `size`).
    public var min: Int64?
    /// The largest allowed number.
    public var max: Int64?
    /// What the key does, for people.
    public var description: String
    /// Whether the value is a password, key or token, never to be shown.
    public var isSecret: Bool
    /// Who reads the key.
    public var side: KeySide
    /// Whether the key must be set (by its side) even though it has no default.
    public var required: Bool
    /// Whether the coordinator reads the key only at startup, so a live change waits for a restart.
    public var restartRequired: Bool
    /// Whether allowed values compare exactly (Seata uses `equals`, not `equalsIgnoreCase`, for
    /// this key: `SYNC` is then not `sync`).
    public var caseSensitive: Bool
    /// The characters that separate the items of a `list` or `host-port-list` (Seata splits
    /// each such key on its own separator: `,` for most, `;` for a cluster's grouplist).
    public var itemSeparators: String
    /// For a `list` with allowed values: items Seata does not know are skipped by Seata with a
    /// warning in its log, so they are warnings here too (at least one item must be known).
    public var unknownItemsAreWarnings: Bool
    /// Why setting the key has no effect in Seata (never read, or read under another prefix);
    /// nil for a key that Seata reads.
    public var noEffect: String?
    /// A key whose effective value is this key's default (`store.session.mode` defaults to
    /// `store.mode`); used when this key is unset, before `defaultValue`.
    public var defaultFrom: String?

    /// Makes a key specification.
    public init(
        name: String,
        type: ValueType,
        defaultValue: String? = nil,
        allowedValues: [String]? = nil,
        min: Int64? = nil,
        max: Int64? = nil,
        description: String = "",
        isSecret: Bool = false,
        side: KeySide = .both,
        required: Bool = false,
        restartRequired: Bool = false,
        caseSensitive: Bool = false,
        itemSeparators: String = ",",
        unknownItemsAreWarnings: Bool = false,
        noEffect: String? = nil,
        defaultFrom: String? = nil
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
        self.min = min
        self.max = max
        self.description = description
        self.isSecret = isSecret
        self.side = side
        self.required = required
        self.restartRequired = restartRequired
        self.caseSensitive = caseSensitive
        self.itemSeparators = itemSeparators
        self.unknownItemsAreWarnings = unknownItemsAreWarnings
        self.noEffect = noEffect
        self.defaultFrom = defaultFrom
    }

    /// Whether an unset key gets a value anyway: a default of its own, or another key's.
    public var hasDefault: Bool { defaultValue != nil || defaultFrom != nil }

    /// Whether the value is read as something other than free text, so that whitespace around
    /// it is a mistake (Seata never trims a value: `512 ` is not a number to `Integer.parseInt`).
    public var isTyped: Bool { type != .string || allowedValues != nil }

    /// Whether the name is a pattern (`{placeholder}`) rather than one key.
    public var isPattern: Bool { KeyPattern(name) != nil }

    /// Whether this spec covers `key`: the same name, or a key the pattern matches.
    public func matches(_ key: String) -> Bool {
        if let pattern = KeyPattern(name) {
            return pattern.matches(key)
        }
        return key == name
    }
}

/// A key name with one `{placeholder}`, matching any key with the same text around it.
struct KeyPattern {
    let prefix: String
    let suffix: String

    init?(_ name: String) {
        guard let open = name.firstIndex(of: "{"), let close = name[open...].firstIndex(of: "}") else {
            return nil
        }
        prefix = String(name[..<open])
        suffix = String(name[name.index(after: close)...])
    }

    func matches(_ key: String) -> Bool {
        key.count > prefix.count + suffix.count && key.hasPrefix(prefix) && key.hasSuffix(suffix)
    }
}
