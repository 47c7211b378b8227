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
    var version: Int32?
    var created: Bool

    static func encode(_ value: KeyWriteJSON) -> String { KeyJSON.encode(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(path, forKey: .path)
        try container.encode(version, forKey: .version)
        try container.encode(created, forKey: .created)
    }

    private enum CodingKeys: String, CodingKey {
        case key, path, version, created
    }
}
