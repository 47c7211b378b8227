import ConfigCenter
import Foundation

/// `get --format json`: one key as stored.
struct KeyJSON: Encodable {
    var key: String
    var value: String
    var path: String
    var version: Int32

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and numbers always encode.
        return String(decoding: try! encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// `set`/`delete --format json`: what was written.
struct KeyWriteJSON: Encodable {
    var key: String
    var path: String
    @JSONNullable var version: Int32?
    var created: Bool

    static func encode(_ value: KeyWriteJSON) -> String { KeyJSON.encode(value) }

}
