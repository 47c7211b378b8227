/// Everything the project knows about configuration keys: one `KeySpec` per key, conditional
/// requirements between keys, and names known to be renamed.
///
/// It is data, loaded from `Config/schema.json` (see `Config/SCHEMA.md`), so an operator can add
/// a key without recompiling. The initializer checks the data for consistency (known types,
/// defaults that fit their own types, requirements and renames that name known keys), so a
/// mistake in the file is reported when it is loaded, not when a config is validated.
public struct ConfigSchema: Sendable {
    /// Every key specification, in the order of the schema file; patterns included.
    public let properties: [KeySpec]
    /// The specifications of plain keys (not patterns), by name.
    public let keys: [String: KeySpec]
    /// Conditional requirements (`store.db.url` when `store.mode=db`).
    public let requirements: [ConditionalRequirement]
    /// Names that are written in configs but not read under that name.
    public let renamed: [RenamedKey]

    private let patterns: [KeySpec]
    private let renamedByName: [String: RenamedKey]

    /// Makes a schema, checking that it is consistent; `source` names it in errors.
    public init(
        properties: [KeySpec],
        requirements: [ConditionalRequirement] = [],
        renamed: [RenamedKey] = [],
        source: String? = nil
    ) throws(ConfigSchemaError) {
        var keys: [String: KeySpec] = [:]
        var patterns: [KeySpec] = []
        for spec in properties {
            func fail(_ message: String) -> ConfigSchemaError {
                ConfigSchemaError(source: source, message: "property \(spec.name): \(message)")
            }
            if let reason = ConfigKeyName.validate(spec.name) {
                throw fail("the name \(reason)")
            }
            if spec.isPattern {
                patterns.append(spec)
            } else if keys.updateValue(spec, forKey: spec.name) != nil {
                throw fail("listed twice")
            }
            if [.enumeration, .intOrKeyword].contains(spec.type), spec.allowedValues?.isEmpty ?? true {
                throw fail("type \(spec.type) needs \"values\"")
            }
            if let min = spec.min, let max = spec.max, min > max {
                throw fail("min \(min) is greater than max \(max)")
            }
            if let defaultValue = spec.defaultValue, !defaultValue.isEmpty,
                case .failure(let error) = spec.parse(defaultValue)
            {
                throw fail("the default value '\(defaultValue)' does not fit: \(error.message(shown: "it"))")
            }
            if spec.required && spec.defaultValue != nil {
                throw fail("is required and has a default; a required key has no default")
            }
        }
        var renamedByName: [String: RenamedKey] = [:]
        for entry in renamed {
            func fail(_ message: String) -> ConfigSchemaError {
                ConfigSchemaError(source: source, message: "renamed \(entry.name): \(message)")
            }
            if keys[entry.name] != nil {
                throw fail("is also listed as a property")
            }
            if let replacement = entry.replacement, keys[replacement] == nil {
                throw fail("the replacement \(replacement) is not a property")
            }
            if renamedByName.updateValue(entry, forKey: entry.name) != nil {
                throw fail("listed twice")
            }
        }
        for requirement in requirements {
            let names = requirement.conditions.map(\.key) + requirement.required
            if let unknown = names.first(where: { keys[$0] == nil }) {
                throw ConfigSchemaError(
                    source: source,
                    message: "requirement when \(requirement): \(unknown) is not a property"
                )
            }
        }
        self.properties = properties
        self.keys = keys
        self.patterns = patterns
        self.requirements = requirements
        self.renamed = renamed
        self.renamedByName = renamedByName
    }

    /// The specification of a key: its own, or that of a pattern matching it; nil when unknown.
    public func spec(for key: String) -> KeySpec? {
        keys[key] ?? patterns.first { $0.matches(key) }
    }

    /// The renamed-key entry for a name, when the name is known to be renamed or never read.
    public func renamedKey(_ name: String) -> RenamedKey? {
        renamedByName[name]
    }

    /// Whether a key's value must never be shown: the schema says so, or, for a key the schema
    /// does not know, its name looks like a credential (password, secret, token, …).
    public func isSecret(_ key: String) -> Bool {
        if let spec = spec(for: key) {
            return spec.isSecret
        }
        return Self.looksSecret(key)
    }

    /// Whether a key's name looks like a credential (password, secret, token, …).
    static func looksSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["password", "passwd", "secret", "token", "credential", "privatekey", "accesskey"]
            .contains {
                lowered.contains($0)
            }
    }

    /// The value as it may be shown: `<redacted>` for a secret (an empty secret stays empty,
    /// since "not set" is useful to know and reveals nothing).
    public func redact(key: String, value: String) -> String {
        isSecret(key) && !value.isEmpty ? Self.redacted : value
    }

    /// What is shown in place of a secret value.
    public static let redacted = "<redacted>"

    /// The schema's default values of the keys `side` reads, with origin `.schemaDefault`.
    public func defaults(for side: KeySide) -> ConfigValues {
        var values = ConfigValues()
        for spec in properties where !spec.isPattern && spec.side.isRead(by: side) {
            if let defaultValue = spec.defaultValue {
                values[spec.name] = SourcedValue(defaultValue, origin: .schemaDefault)
            }
        }
        return values
    }

    /// `values` with the defaults of the keys `side` reads added where a key is not set.
    public func applyingDefaults(to values: ConfigValues, side: KeySide) -> ConfigValues {
        defaults(for: side).merging(values)
    }
}
