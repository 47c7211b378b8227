import Foundation

/// How a stored configuration differs from an input file, key by key: what
/// `seed --overwrite --prune` would change.
public struct ConfigDiff: Sendable, Hashable {
    /// One key that differs.
    public struct Difference: Sendable, Hashable {
        /// How it differs.
        public enum Change: String, Sendable, Hashable {
            /// Only the file has the key.
            case added
            /// Only ZooKeeper has the key.
            case removed
            /// Both have it, with different values.
            case changed
        }

        /// The key.
        public var key: String
        /// How it differs.
        public var change: Change
        /// The file's value (nil when removed).
        public var fileValue: String?
        /// The stored value (nil when added).
        public var storedValue: String?
    }

    /// The differences, in the file's order, then the keys only ZooKeeper has, sorted.
    public var differences: [Difference]

    /// The differences a plan made with `overwrite` and `prune` shows.
    ///
    /// Secrets whose file value is the `<redacted>` placeholder are not compared.
    public init(plan: SeedPlan) {
        differences = plan.actions.compactMap { action in
            switch action.kind {
            case .create: Difference(key: action.key, change: .added, fileValue: action.value, storedValue: nil)
            case .update, .kept:
                Difference(key: action.key, change: .changed, fileValue: action.value, storedValue: action.storedValue)
            case .delete: Difference(key: action.key, change: .removed, fileValue: nil, storedValue: action.storedValue)
            case .unchanged, .skipped: nil
            }
        }
    }

    /// Whether ZooKeeper holds exactly the file.
    public var isEqual: Bool { differences.isEmpty }

    /// The diff in `format`; empty text when equal.
    ///
    /// Text is a unified-diff-like listing (`--- STORED`, `+++ FILE`,
    /// then `-KEY=VALUE` for what only ZooKeeper has, `+KEY=VALUE` for what only the file has,
    /// both for a changed value); nothing when equal. JSON is `{"equal", "differences": [{"key",
    /// "change", "file", "zookeeper"}]}`. Secrets are `<redacted>`.
    public func render(format: ReportFormat, schema: ConfigSchema, storedName: String, fileName: String) -> String {
        switch format {
        case .text:
            guard !isEqual else { return "" }
            var text = "--- \(storedName)\n+++ \(fileName)\n"
            for difference in differences {
                if let stored = difference.storedValue {
                    text += "-" + DisplayValue.line(key: difference.key, value: stored, schema: schema) + "\n"
                }
                if let file = difference.fileValue {
                    text += "+" + DisplayValue.line(key: difference.key, value: file, schema: schema) + "\n"
                }
            }
            return text
        case .json:
            return JSONRendering.encode(
                JSONDiff(
                    equal: isEqual,
                    differences: differences.map {
                        JSONDifference(
                            key: $0.key,
                            change: $0.change.rawValue,
                            file: DisplayValue.json(key: $0.key, value: $0.fileValue, schema: schema),
                            zookeeper: DisplayValue.json(key: $0.key, value: $0.storedValue, schema: schema)
                        )
                    }
                )
            )
        }
    }
}

private struct JSONDiff: Encodable {
    var equal: Bool
    var differences: [JSONDifference]
}

private struct JSONDifference: Encodable {
    var key: String
    var change: String
    @JSONNullable var file: String?
    @JSONNullable var zookeeper: String?

}
