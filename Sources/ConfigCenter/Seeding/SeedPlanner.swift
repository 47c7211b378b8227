import ZooKeeper

/// Decides, key by key, what a seed does: the rules of `zkconfig seed`, with no I/O.
///
/// - A key the store lacks is created.
/// - A stored value equal to the input's (byte for byte) is unchanged.
/// - A stored value that differs is kept, unless `overwrite`: then it is updated. A value
///   someone set by hand survives an ordinary seed.
/// - A stored key the input lacks is left alone, unless `prune`: then it is deleted (keys with
///   child znodes excepted; deleting them would fail).
/// - A value holding the `<redacted>` placeholder (an export made without secrets: a secret's
///   whole value, or a credential inside a URL) is skipped: the placeholder is never written
///   over a real value, nor created.
///
/// The same rules hold for the single-node layout: the node's properties text is merged with
/// the input and rewritten only when a key is created, updated or deleted.
public struct SeedPlanner: Sendable {
    /// What to do with values that differ and keys the input lacks.
    public var options: SeedOptions
    /// Which keys are secrets (for the placeholder rule).
    public var schema: ConfigSchema

    /// A planner with `options`, knowing secrets from `schema`.
    public init(options: SeedOptions, schema: ConfigSchema) {
        self.options = options
        self.schema = schema
    }

    /// The plan that brings `stored` to `input` under the options.
    ///
    /// - Parameters:
    ///   - input: The wanted keys.
    ///   - stored: What ZooKeeper holds, with versions.
    ///   - missingAncestors: Znodes above the root (or node) that do not exist, top-down,
    ///     including the root itself for the per-key layout when it is absent.
    /// - Returns: One action per input key (and per pruned key), and what to create first.
    /// - Throws: `SeedPlanError` when the single node's text cannot be parsed or would grow
    ///   past the request limit.
    public func plan(
        _ input: SeedInput,
        stored: StoredConfig,
        missingAncestors: [String] = []
    ) throws(SeedPlanError) -> SeedPlan {
        switch stored.layout {
        case .perKey:
            return planKeys(input, stored: stored, missingAncestors: missingAncestors)
        case .singleNode(let path, _):
            return try planNode(input, stored: stored, path: path, missingAncestors: missingAncestors)
        }
    }

    /// Checks, before connecting, that every input value fits one request under the limit
    /// (per key), or that the input alone fits the single node.
    ///
    /// - Throws: `SeedInputError` naming each value that is too large, with its line.
    public func checkSizes(_ input: SeedInput, layout: ConfigLayout) throws(SeedInputError) {
        switch layout {
        case .perKey:
            let problems = input.entries.compactMap { entry -> SeedInputError.Problem? in
                let path = layout.path(of: entry.key)
                let largest = RequestSize.largestValue(path: path, acl: options.acl, limit: options.requestLimit)
                let size = entry.value.utf8.count
                guard size > largest else { return nil }
                return SeedInputError.Problem(
                    source: input.source,
                    line: entry.line,
                    column: entry.column,
                    key: entry.key,
                    message:
                        "the value of '\(entry.key)' is \(size) bytes; znode \(path) can hold at most \(largest) "
                        + "(the server's jute.maxbuffer is \(options.requestLimit) bytes per request)"
                )
            }
            if !problems.isEmpty { throw SeedInputError(problems: problems) }
        case .singleNode(let path, _):
            let text = PropertiesWriter.write(input.entries.map { (key: $0.key, value: $0.value) })
            if let problem = oversizedNode(path: path, text: text, source: input.source) {
                throw SeedInputError(problems: [problem])
            }
        }
    }

    private func planKeys(_ input: SeedInput, stored: StoredConfig, missingAncestors: [String]) -> SeedPlan {
        let layout = stored.layout
        var actions: [SeedAction] = []
        actions.reserveCapacity(input.entries.count)
        for entry in input.entries {
            let path = layout.path(of: entry.key)
            let current = stored.keys[entry.key]
            let kind = decide(
                key: entry.key,
                value: entry.value,
                storedBytes: current?.bytes
            )
            actions.append(
                SeedAction(
                    key: entry.key,
                    kind: kind,
                    path: path,
                    value: entry.value,
                    storedBytes: current?.bytes,
                    version: current?.stat.version,
                    line: entry.line
                )
            )
        }
        var nestedNotPruned: [String] = []
        if options.prune {
            let wanted = Set(input.keys)
            let nested = Set(stored.nestedKeys)
            for key in stored.keys.keys.sorted() where !wanted.contains(key) {
                if nested.contains(key) {
                    nestedNotPruned.append(key)
                    continue
                }
                let entry = stored.keys[key]!
                actions.append(
                    SeedAction(
                        key: key,
                        kind: .delete,
                        path: entry.path,
                        value: nil,
                        storedBytes: entry.bytes,
                        version: entry.stat.version
                    )
                )
            }
        }
        return SeedPlan(
            layout: layout,
            actions: actions,
            missingAncestors: missingAncestors,
            nestedKeysNotPruned: nestedNotPruned,
            nodeBesideKeys: stored.nodeBesideKeys
        )
    }

    private func planNode(
        _ input: SeedInput,
        stored: StoredConfig,
        path: String,
        missingAncestors: [String]
    ) throws(SeedPlanError) -> SeedPlan {
        // The node's current keys, in its order; the last of duplicates wins, as Seata reads it.
        var currentOrder: [String] = []
        var current: [String: String] = [:]
        if let node = stored.node, !node.bytes.isEmpty {
            let document: PropertiesDocument
            do {
                document = try PropertiesParser.parse(node.bytes, source: "znode \(path)")
            } catch {
                throw SeedPlanError.unreadableNode(path: path, error: error)
            }
            for entry in document.entries {
                if current.updateValue(entry.value, forKey: entry.key) == nil { currentOrder.append(entry.key) }
            }
        }
        let version = stored.node?.stat.version
        var actions: [SeedAction] = []
        for entry in input.entries {
            let storedBytes = current[entry.key].map { Array($0.utf8) }
            let kind = decide(key: entry.key, value: entry.value, storedBytes: storedBytes)
            actions.append(
                SeedAction(
                    key: entry.key,
                    kind: kind,
                    path: path,
                    value: entry.value,
                    storedBytes: storedBytes,
                    version: version,
                    line: entry.line
                )
            )
        }
        if options.prune {
            let wanted = Set(input.keys)
            for key in currentOrder.sorted() where !wanted.contains(key) {
                actions.append(
                    SeedAction(
                        key: key,
                        kind: .delete,
                        path: path,
                        value: nil,
                        storedBytes: Array(current[key]!.utf8),
                        version: version
                    )
                )
            }
        }
        let writes = actions.contains { $0.kind.writes }
        guard writes || stored.node == nil else {
            return SeedPlan(layout: stored.layout, actions: actions, missingAncestors: missingAncestors)
        }
        // Existing keys keep their place; new ones follow in input order.
        var merged = current
        for action in actions {
            switch action.kind {
            case .create, .update: merged[action.key] = action.value
            case .delete: merged[action.key] = nil
            case .unchanged, .kept, .skipped: break
            }
        }
        let created = actions.filter { $0.kind == .create }.map(\.key)
        let order = currentOrder.filter { merged[$0] != nil } + created
        let text = PropertiesWriter.write(order.map { (key: $0, value: merged[$0]!) })
        if let problem = oversizedNode(path: path, text: text, source: "znode \(path)") {
            throw SeedPlanError.nodeTooLarge(problem)
        }
        return SeedPlan(
            layout: stored.layout,
            actions: actions,
            missingAncestors: missingAncestors,
            nodeWrite: .init(path: path, text: text, expectedVersion: version)
        )
    }

    private func decide(key: String, value: String, storedBytes: [UInt8]?) -> SeedAction.Kind {
        // An export without secrets: the placeholder is never written (a secret's whole value, or
        // the credential inside a URL).
        if value.contains(ConfigSchema.redacted) { return .skipped }
        guard let storedBytes else { return .create }
        if storedBytes.elementsEqual(value.utf8) { return .unchanged }
        return options.overwrite ? .update : .kept
    }

    private func oversizedNode(path: String, text: String, source: String) -> SeedInputError.Problem? {
        let largest = RequestSize.largestValue(path: path, acl: options.acl, limit: options.requestLimit)
        let size = text.utf8.count
        guard size > largest else { return nil }
        return SeedInputError.Problem(
            source: source,
            message:
                "the properties text for node \(path) would be \(size) bytes; a znode can hold at most \(largest) "
                + "(the server's jute.maxbuffer is \(options.requestLimit) bytes per request); "
                + "use the per-key layout (--layout keys)"
        )
    }
}
