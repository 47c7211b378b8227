import ConfigCenter
import Foundation

/// One change `watch` reports: a key created, changed or deleted.
struct KeyChange {
    enum Kind: String {
        case created, changed, deleted
    }

    var key: String
    var kind: Kind
    /// The new value (nil when deleted).
    @JSONNullable var value: String?
    /// The znode that changed (the key's, or the single node).
    var path: String
    /// The znode's version after the change (nil when deleted).
    @JSONNullable var version: Int32?

    /// The change as one line of output.
    ///
    /// `KEY=VALUE` for a created or changed key, `KEY deleted` for a deleted one (text), or one
    /// JSON object per line: `{"event", "key", "value", "path", "version", "time"}`. Secrets are
    /// `<redacted>`.
    func line(format: ReportFormat, schema: ConfigSchema) -> String {
        switch format {
        case .text:
            guard let value else { return PropertiesWriter.escapeKey(key) + " deleted\n" }
            return DisplayValue.line(key: key, value: value, schema: schema) + "\n"
        case .json:
            let json = JSONLine(
                event: kind.rawValue,
                key: key,
                value: DisplayValue.json(key: key, value: value, schema: schema),
                path: path,
                version: version,
                time: Date().formatted(.iso8601)
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Strings and numbers always encode.
            return String(decoding: try! encoder.encode(json), as: UTF8.self) + "\n"
        }
    }

    private struct JSONLine: Encodable {
        var event: String
        var key: String
        @JSONNullable var value: String?
        var path: String
        @JSONNullable var version: Int32?
        var time: String

    }
}
