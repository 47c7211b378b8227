/// Keys that must be set when other keys have certain values, such as the database settings
/// when `store.mode=db`.
public struct ConditionalRequirement: Sendable, Hashable, CustomStringConvertible {
    /// One `key=value` test; a requirement applies when all of its conditions hold.
    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        /// The key tested.
        public var key: String
        /// The value that makes the condition hold.
        public var value: String

        /// Makes a condition.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }

        /// `key=value`.
        public var description: String { "\(key)=\(value)" }
    }

    /// The conditions, all of which must hold, sorted by key.
    public var conditions: [Condition]
    /// The keys that must then be set to a non-empty value.
    public var required: [String]

    /// Makes a requirement; the conditions are kept sorted by key so messages are stable.
    public init(when conditions: [Condition], require required: [String]) {
        self.conditions = conditions.sorted { $0.key < $1.key }
        self.required = required
    }

    /// The conditions as a person reads them: `store.mode=redis and store.redis.mode=sentinel`.
    public var description: String {
        conditions.map(\.description).joined(separator: " and ")
    }

    /// Whether every condition holds in `values`.
    ///
    /// Values of `enum` keys compare without regard to case, as Seata compares most of them,
    /// unless the key is `caseSensitive` (Seata's `equals`: `SENTINEL` is not `sentinel`).
    public func applies(to values: ConfigValues, schema: ConfigSchema) -> Bool {
        conditions.allSatisfy { condition in
            guard let actual = values[condition.key]?.value else { return false }
            if let spec = schema.spec(for: condition.key), spec.type == .enumeration, !spec.caseSensitive {
                return actual.lowercased() == condition.value.lowercased()
            }
            return actual == condition.value
        }
    }
}
