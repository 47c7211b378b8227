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
    /// The schema's own version (`"version"` in the file), printed by `--version`.
    public let version: String?
    /// What the schema describes, for people: which Seata, read at which commit.
    public let describes: String?
    /// Where the schema came from: a file path, or `built-in` for the copy compiled in.
    public let source: String?

    private let patterns: [KeySpec]
    private let renamedByName: [String: RenamedKey]

    /// Makes a schema, checking that it is consistent; `source` names it in errors.
    public init(
        properties: [KeySpec],
        requirements: [ConditionalRequirement] = [],
        renamed: [RenamedKey] = [],
        version: String? = nil,
        describes: String? = nil,
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
            if spec.required && spec.hasDefault {
                throw fail("is required and has a default; a required key has no default")
            }
        }
        for spec in properties {
            guard let from = spec.defaultFrom else { continue }
            guard keys[from] != nil else {
                throw ConfigSchemaError(
                    source: source,
                    message: "property \(spec.name): defaultFrom \(from) is not a property"
                )
            }
            var seen: Set<String> = [spec.name]
            var next: String? = from
            while let key = next {
                guard seen.insert(key).inserted else {
                    throw ConfigSchemaError(
                        source: source,
                        message: "property \(spec.name): defaultFrom goes round in a circle through \(key)"
                    )
                }
                next = keys[key]?.defaultFrom
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
            if entry.migrates && entry.replacement == nil {
                throw fail("migrate needs a replacement to migrate to")
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
        self.version = version
        self.describes = describes
        self.source = source
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
    /// since "not set" is useful to know and reveals nothing), and any other value with the
    /// credentials inside it masked (`jdbc:…&password=<redacted>`, `redis://:<redacted>@host`).
    public func redact(key: String, value: String) -> String {
        if isSecret(key) { return value.isEmpty ? value : Self.redacted }
        return CredentialMask.mask(value)
    }

    /// What is shown in place of a secret value.
    public static let redacted = "<redacted>"

    /// The schema's default values of the keys `side` reads, with origin `.schemaDefault`.
    ///
    /// Defaults taken from another key (`defaultFrom`) depend on the values set, so they are
    /// not here; `applyingDefaults(to:side:)` adds them.
    public func defaults(for side: KeySide) -> ConfigValues {
        var values = ConfigValues()
        for spec in properties where !spec.isPattern && spec.side.isRead(by: side) {
            if let defaultValue = spec.defaultValue, spec.defaultFrom == nil {
                values[spec.name] = SourcedValue(defaultValue, origin: .schemaDefault)
            }
        }
        return values
    }

    /// `values` with the defaults of the keys `side` reads added where a key is not set (or
    /// set to the empty string, which means unset).
    ///
    /// A key with `defaultFrom` takes the effective value of that key (as Seata's
    /// `store.session.mode` takes `store.mode`'s), with origin `.defaultFrom`; its own default
    /// applies only when that key has no value either.
    public func applyingDefaults(to values: ConfigValues, side: KeySide) -> ConfigValues {
        var result = defaults(for: side).merging(values)
        // Resolve chains in order: a key whose source is itself derived waits for it.
        var pending = properties.filter { !$0.isPattern && $0.defaultFrom != nil && $0.side.isRead(by: side) }
        while !pending.isEmpty {
            let waiting = Set(pending.map(\.name))
            let ready = pending.filter { !waiting.contains($0.defaultFrom!) }
            if ready.isEmpty { break }  // a cycle; the initializer refuses those
            for spec in ready where result[spec.name]?.value.isEmpty ?? true {
                let from = spec.defaultFrom!
                if let source = result[from], !source.value.isEmpty {
                    result[spec.name] = SourcedValue(source.value, origin: .defaultFrom(key: from))
                } else if let defaultValue = spec.defaultValue {
                    result[spec.name] = SourcedValue(defaultValue, origin: .schemaDefault)
                }
            }
            let done = Set(ready.map(\.name))
            pending.removeAll { done.contains($0.name) }
        }
        return result
    }
}
