import Foundation
public import ZooKeeper

/// Loads a configuration from ZooKeeper (either layout) or a local properties file, turns it
/// into values that each know their origin, applies Seata-style environment overrides and
/// schema defaults, and validates the result.
public struct ConfigLoader: Sendable {
    /// The schema that gives types, defaults and secrets.
    public let schema: ConfigSchema
    /// Which side reads the configuration (the coordinator is `.server`).
    public let side: KeySide
    /// Seata-style overrides from the environment.
    public let overrides: EnvironmentOverrides

    /// A loader for `side`, with overrides from `environment` (the process's by default).
    public init(schema: ConfigSchema, side: KeySide = .server, environment: [String: String]? = nil) {
        self.schema = schema
        self.side = side
        self.overrides = EnvironmentOverrides(environment: environment ?? ProcessInfo.processInfo.environment)
    }

    /// Reads and loads `layout` through `client`, with a `sync` first.
    ///
    /// The sync makes a load right after a seed (made through any member) see every key. A
    /// single node is loaded as Seata reads it: the node first, the per-key znodes under its
    /// root for the keys it lacks.
    ///
    /// - Throws: `ZooKeeperError` from the reads; `ConfigLoadError` when the single node's
    ///   properties text cannot be parsed.
    public func load(from client: ZooKeeperClient, layout: ConfigLayout, sync: Bool = true) async throws -> LoadedConfig
    {
        let stored = try await StoredConfigReader(client: client).read(layout, sync: sync, fallback: true)
        return try load(stored)
    }

    /// Loads what was read from ZooKeeper.
    ///
    /// For a single node, the effective view is Seata's: when the node exists and is not blank
    /// its keys win, and the per-key znodes under the root (when they were read) supply the
    /// rest; a key set in both with different values is a warning naming both places.
    ///
    /// - Throws: `ConfigLoadError` when the single node's properties text cannot be parsed.
    public func load(_ stored: StoredConfig) throws -> LoadedConfig {
        var (values, readProblems) = Self.perKeyValues(stored)
        // Seata skips a blank node (`StringUtils.isNotBlank`); bytes that are not UTF-8 are parsed
        // so that the parser says where.
        if case .singleNode(let path, _) = stored.layout, let node = stored.node,
            !(node.text.map { $0.trimmingWhitespace.isEmpty } ?? false)
        {
            let nodeValues: ConfigValues
            do {
                nodeValues = try PropertiesParser.parse(node.bytes, source: "znode \(path)").values(znodePath: path)
            } catch {
                throw ConfigLoadError(source: "znode \(path)", underlying: error)
            }
            for (key, value) in nodeValues {
                guard let shadowed = values[key], shadowed.value != value.value else { continue }
                let both =
                    schema.isSecret(key)
                    ? "with a different value"
                    : "as \(ConfigValidator.quoted(schema.redact(key: key, value: shadowed.value))), the node as "
                        + ConfigValidator.quoted(schema.redact(key: key, value: value.value))
                readProblems.append(
                    ValidationProblem(
                        key: key,
                        kind: .shadowed,
                        severity: .warning,
                        message: "set in the node and also in \(shadowed.origin) \(both); Seata reads the node's value",
                        origin: value.origin,
                        suggestion: "keep one: delete the znode, or make the two values the same",
                        fix: [.delete(key: key)]
                    )
                )
            }
            values = values.merging(nodeValues)
        }
        return finish(source: stored.layout.description, stored: stored, values: values, readProblems: readProblems)
    }

    /// The per-key znodes' values with their origins, and the problems of reading them (data
    /// that is not UTF-8, znodes with children).
    private static func perKeyValues(_ stored: StoredConfig) -> (ConfigValues, [ValidationProblem]) {
        var values = ConfigValues()
        var problems: [ValidationProblem] = []
        for (key, entry) in stored.keys {
            guard let text = entry.text else {
                problems.append(
                    ValidationProblem(
                        key: key,
                        kind: .wrongType,
                        severity: .error,
                        message: "the data of znode \(entry.path) is not UTF-8 text (\(entry.bytes.count) bytes)",
                        origin: .znode(path: entry.path),
                        suggestion: "set it again as text: zkconfig set \(key) VALUE"
                    )
                )
                continue
            }
            values[key] = SourcedValue(text, origin: .znode(path: entry.path))
        }
        for key in stored.nestedKeys {
            let path = stored.keys[key]?.path ?? ConfigLayout.path(of: key, under: stored.layout.keysRoot)
            problems.append(
                ValidationProblem(
                    key: key,
                    kind: .unknownKey,
                    severity: .warning,
                    message: "znode \(path) has child znodes, which are not read",
                    origin: .znode(path: path),
                    suggestion: "move nested settings to keys of their own under \(stored.layout.keysRoot)"
                )
            )
        }
        if case .perKey(let root) = stored.layout, let node = stored.nodeBesideKeys {
            problems.append(
                ValidationProblem(
                    key: ConfigLayout.defaultNodeName,
                    kind: .nodeBesideKeys,
                    severity: .warning,
                    message: "znode \(node) is Seata's single-node configuration (config.zk.nodePath), not a key; "
                        + "this is the per-key layout (keys under \(root)), which does not read it, but Seata reads "
                        + "that node first when it is not blank and these znodes only for the keys it lacks",
                    origin: .znode(path: node),
                    suggestion: "check what Seata reads with --layout node (the node first, then the keys), "
                        + "or delete the node if it is left over"
                )
            )
        }
        return (values, problems)
    }

    /// Loads values that were read some other way (each with its origin), as a stored
    /// configuration is loaded: overrides, defaults, migrated renamed keys, validation.
    public func load(values: ConfigValues, source: String = "values") -> LoadedConfig {
        finish(source: source, stored: nil, values: values, readProblems: [])
    }

    /// Loads a local properties file (`config.type=file`).
    ///
    /// - Throws: `ConfigLoadError` when the file cannot be read or parsed.
    public func load(file path: String) throws -> LoadedConfig {
        do {
            let document = try PropertiesParser.parse(contentsOfFile: path)
            return finish(source: "file \(path)", stored: nil, values: document.values(), readProblems: [])
        } catch {
            throw ConfigLoadError(source: "file \(path)", underlying: error)
        }
    }

    private func finish(
        source: String,
        stored: StoredConfig?,
        values: ConfigValues,
        readProblems: [ValidationProblem]
    ) -> LoadedConfig {
        // Stored keys and every key the schema names (`keys` holds no patterns).
        let keys = Set(values.dictionary.keys).union(schema.keys.keys)
        let overridden = overrides.values(for: keys)
        let given = values.merging(overridden)
        // Empty means "unset" (as an empty znode does in Seata): the default applies.
        var set = ConfigValues()
        for (key, value) in given where !value.value.isEmpty || !(schema.spec(for: key)?.hasDefault ?? false) {
            set[key] = value
        }
        // Renamed keys that mean the same run under their new name, keeping their origin.
        let effective = schema.applyingDefaults(to: schema.migrating(set), side: side)
        let report = ConfigValidator(schema: schema).validate(given, side: side)
        return LoadedConfig(
            source: source,
            stored: stored,
            storedValues: values,
            overrides: overridden,
            effective: effective,
            report: ValidationReport(problems: report.problems + readProblems)
        )
    }
}

/// A stored configuration could not be read as properties.
public struct ConfigLoadError: Error, Sendable, CustomStringConvertible {
    /// What was being read (`znode /seata/seata.properties`, `file config.txt`).
    public var source: String
    /// The parse or read error.
    public var underlying: any Error

    /// An error about `source`.
    public init(source: String, underlying: any Error) {
        self.source = source
        self.underlying = underlying
    }

    /// The parser's `FILE:LINE:COLUMN: message; action`, or the read error with its source.
    public var description: String {
        if let error = underlying as? PropertiesError { return "\(error)" }
        return "cannot read \(source): \(underlying)"
    }
}
