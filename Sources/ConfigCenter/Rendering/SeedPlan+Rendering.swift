import Foundation

/// A plan shown to people (one line per key that is or could be written) and to scripts (JSON).
///
/// Secrets are `<redacted>` in both.
extension SeedPlan {
    /// The plan in `format`.
    ///
    /// Text has one line per created, updated, deleted, kept or skipped key
    /// (`create KEY=VALUE`, `update KEY=VALUE (was OLD)`, `delete KEY (was OLD)`,
    /// `keep KEY=STORED (input has NEW; --overwrite replaces it)`, `skip KEY (…)`); unchanged keys
    /// are only counted. JSON is one object: `{"layout", "path", "dryRun", "applied",
    /// "summary": {"create", "update", "delete", "unchanged", "kept", "skipped"},
    /// "createdParents": [PATH], "actions": [{"key", "action", "path", "value", "storedValue",
    /// "version"}]}`, every action included, absent fields null.
    public func render(format: ReportFormat, schema: ConfigSchema, dryRun: Bool, applied: Bool) -> String {
        switch format {
        case .text: renderText(schema: schema)
        case .json: renderJSON(schema: schema, dryRun: dryRun, applied: applied)
        }
    }

    private func renderText(schema: ConfigSchema) -> String {
        var text = ""
        for action in actions {
            let key = PropertiesWriter.escapeKey(action.key)
            let value = action.value.map { DisplayValue.text(key: action.key, value: $0, schema: schema) } ?? ""
            let stored = action.storedValue.map { DisplayValue.text(key: action.key, value: $0, schema: schema) } ?? ""
            switch action.kind {
            case .create: text += "create \(key)=\(value)\n"
            case .update: text += "update \(key)=\(value) (was \(stored))\n"
            case .delete: text += "delete \(key) (was \(stored))\n"
            case .kept: text += "keep \(key)=\(stored) (input has \(value); --overwrite replaces it)\n"
            case .skipped:
                text += "skip \(key) (the input holds the \(ConfigSchema.redacted) placeholder of a secret)\n"
            case .unchanged: break
            }
        }
        return text
    }

    private func renderJSON(schema: ConfigSchema, dryRun: Bool, applied: Bool) -> String {
        let summary = self.summary
        let document = JSONPlan(
            layout: layout.kindName,
            path: layout.basePath,
            dryRun: dryRun,
            applied: applied,
            summary: Dictionary(uniqueKeysWithValues: SeedAction.Kind.allCases.map { ($0.rawValue, summary[$0]) }),
            createdParents: missingAncestors,
            actions: actions.map { action in
                JSONAction(
                    key: action.key,
                    action: action.kind.rawValue,
                    path: action.path,
                    value: DisplayValue.json(key: action.key, value: action.value, schema: schema),
                    storedValue: DisplayValue.json(key: action.key, value: action.storedValue, schema: schema),
                    version: action.version
                )
            }
        )
        return JSONRendering.encode(document)
    }
}

extension ConfigLayout {
    /// `keys` or `node`, as `--layout` spells the kind.
    public var kindName: String {
        switch self {
        case .perKey: "keys"
        case .singleNode: "node"
        }
    }
}

private struct JSONPlan: Encodable {
    var layout: String
    var path: String
    var dryRun: Bool
    var applied: Bool
    var summary: [String: Int]
    var createdParents: [String]
    var actions: [JSONAction]
}

private struct JSONAction: Encodable {
    var key: String
    var action: String
    var path: String
    @JSONNullable var value: String?
    @JSONNullable var storedValue: String?
    @JSONNullable var version: Int32?

}
