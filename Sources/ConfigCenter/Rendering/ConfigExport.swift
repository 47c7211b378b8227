/// A stored configuration as a file `zkconfig seed --from` reads back: properties text or a
/// flat JSON object, keys sorted.
public struct ConfigExport: Sendable, Hashable {
    /// The stored keys and values, sorted by key.
    public var values: [(key: String, value: String)] {
        storage.map { (key: $0.key, value: $0.value) }
    }

    private var storage: [Pair]

    private struct Pair: Sendable, Hashable {
        var key: String
        var value: String
    }

    /// The keys of a stored configuration (either layout).
    ///
    /// Values that are not UTF-8 are decoded with replacement characters.
    /// - Throws: `SeedPlanError.unreadableNode` when the single node's text does not parse.
    public init(stored: StoredConfig) throws(SeedPlanError) {
        var values: [String: String] = [:]
        switch stored.layout {
        case .perKey:
            for (key, entry) in stored.keys { values[key] = String(decoding: entry.bytes, as: UTF8.self) }
        case .singleNode(let path, _):
            if let node = stored.node, !node.bytes.isEmpty {
                do {
                    for entry in try PropertiesParser.parse(node.bytes, source: "znode \(path)").entries {
                        values[entry.key] = entry.value
                    }
                } catch {
                    throw SeedPlanError.unreadableNode(path: path, error: error)
                }
            }
        }
        storage = values.sorted { $0.key < $1.key }.map { Pair(key: $0.key, value: $0.value) }
    }

    /// The export in `format`; secrets are `<redacted>` unless `includeSecrets`.
    ///
    /// - Parameters:
    ///   - format: Properties text (`.text`) or a JSON object (`.json`).
    ///   - schema: Which keys are secrets.
    ///   - includeSecrets: Write secret values in clear.
    ///   - header: A comment for the top of the properties text (ignored for JSON).
    /// - Returns: The text, ending with a newline.
    public func render(
        format: ReportFormat,
        schema: ConfigSchema,
        includeSecrets: Bool = false,
        header: String? = nil
    ) -> String {
        let shown = storage.map { pair in
            (key: pair.key, value: includeSecrets ? pair.value : schema.redact(key: pair.key, value: pair.value))
        }
        switch format {
        case .text:
            return PropertiesWriter.write(shown, header: header)
        case .json:
            return JSONRendering.encode(Dictionary(uniqueKeysWithValues: shown.map { ($0.key, $0.value) }))
        }
    }
}
