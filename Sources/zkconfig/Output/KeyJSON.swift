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

/// `set --format json`: what was written.
struct KeyWriteJSON: Encodable {
    var key: String
    var path: String
    @JSONNullable var version: Int32?
    var created: Bool

    static func encode(_ value: KeyWriteJSON) -> String { KeyJSON.encode(value) }
}

/// `delete --format json`: whether the key was there, and the znode it was deleted from.
struct KeyDeleteJSON: Encodable {
    var key: String
    var path: String
    var existed: Bool
    /// The single node's version after the write; null for a per-key znode (it is gone).
    @JSONNullable var version: Int32?
}
