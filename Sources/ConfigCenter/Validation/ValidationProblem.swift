/// One thing wrong with a configuration, with enough structure for a caller to phrase it its own way.
public struct ValidationProblem: Sendable, Hashable {
    /// What kind of problem it is; the raw value is the `kind` field of the JSON report.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A required key is not set.
        case missing
        /// A key that needs a value is set to the empty string (which means "unset", as in Seata).
        case empty
        /// The value cannot be read as the key's type.
        case wrongType
        /// The value is of the right type but not one of the allowed values, or out of range.
        case notAllowed
        /// A key required by a condition (`store.db.url` when `store.mode=db`) is missing or empty.
        case conditionUnmet
        /// The schema does not know the key.
        case unknownKey
        /// The key is known under another name, or not read at all (a warning: Seata's own
        /// stock file has three).
        case renamedKey
        /// A renamed key and its new name are both set, to different values.
        case renamedConflict
        /// Seata never reads the key, or reading it has no effect.
        case noEffect
        /// An item of a list that Seata skips because it does not know it.
        case unknownItem
        /// A key set in the single node and in its own znode, with different values (the node's wins).
        case shadowed
        /// Seata's single node (`ROOT/seata.properties`) sits among the per-key znodes: it is not a
        /// key, and the per-key layout does not read it, but Seata reads it first.
        case nodeBesideKeys
    }

    /// Whether the problem makes the configuration invalid.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The configuration cannot be used as it is.
        case error
        /// Worth fixing, but the configuration works.
        case warning
        /// For information: nothing works differently, nothing needs doing (a key that has no
        /// effect in Seata, set to the value Seata would use anyway).
        case note

        /// Errors sort before warnings, warnings before notes.
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        /// 0 for errors, 1 for warnings, 2 for notes.
        var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
    }

    /// The key the problem is about.
    public var key: String
    /// What kind of problem it is.
    public var kind: Kind
    /// Whether it is an error or a warning.
    public var severity: Severity
    /// What is wrong, without the key and without any secret: "missing", "expected an integer, got 'abc'".
    public var message: String
    /// Where the offending value came from; nil for a key that is not set.
    public var origin: ConfigOrigin?
    /// What to do about it: "rename it to server.raft.serverAddr".
    public var suggestion: String?
    /// The key name meant (did-you-mean for an unknown key, the new name of a renamed one).
    public var suggestedKey: String?
    /// For `conditionUnmet`, the condition that requires the key: "store.mode=db".
    public var condition: String?
    /// The writes that fix it, in order (`set` the new name, `delete` the old one); empty when
    /// the fix needs a person's choice.
    public var fix: [ConfigFix]

    /// Makes a problem.
    public init(
        key: String,
        kind: Kind,
        severity: Severity,
        message: String,
        origin: ConfigOrigin? = nil,
        suggestion: String? = nil,
        suggestedKey: String? = nil,
        condition: String? = nil,
        fix: [ConfigFix] = []
    ) {
        self.key = key
        self.kind = kind
        self.severity = severity
        self.message = message
        self.origin = origin
        self.suggestion = suggestion
        self.suggestedKey = suggestedKey
        self.condition = condition
        self.fix = fix
    }

    /// `key: message`, with where a missing key was looked for when the caller knows it:
    /// `store.mode: missing (no znode /seata/store.mode)`.
    public func summary(whereMissing: ((_ key: String) -> String)? = nil) -> String {
        "\(key): \(message(whereMissing: whereMissing))"
    }

    /// `KEY (ORIGIN): WHAT IS WRONG; WHAT TO DO`, the one-line form reports use.
    public func line(whereMissing: ((_ key: String) -> String)? = nil) -> String {
        var line = key
        if let origin { line += " (\(origin))" }
        line += ": " + message(whereMissing: whereMissing)
        if let suggestion { line += "; \(suggestion)" }
        return line
    }

    /// The message, with where a missing key was looked for appended to a `missing` problem.
    public func message(whereMissing: ((_ key: String) -> String)?) -> String {
        guard kind == .missing, let whereMissing else { return message }
        return "\(message) (\(whereMissing(key)))"
    }
}
