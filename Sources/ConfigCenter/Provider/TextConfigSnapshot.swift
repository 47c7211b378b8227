public import Configuration
import Foundation

/// Configuration values kept as text (as ZooKeeper and the schema keep them), converted to the
/// type a reader asks for when it asks.
///
/// The conversions follow swift-configuration's `EnvironmentVariablesProvider`: integers and
/// doubles as Swift parses them; booleans `true`/`false`/`yes`/`no`/`1`/`0` in any case; bytes
/// as base64; arrays as comma-separated items, trimmed. A key maps to its Seata name by joining
/// the key's components with `.` (`["store", "mode"]` is `store.mode`).
public struct TextConfigSnapshot: ConfigSnapshot, Sendable, Hashable {
    /// One value and whether it must be hidden.
    public struct Entry: Sendable, Hashable {
        /// The value as stored.
        public var text: String
        /// Whether the value is a secret (readers redact it in logs).
        public var isSecret: Bool

        /// An entry from its parts.
        public init(text: String, isSecret: Bool) {
            self.text = text
            self.isSecret = isSecret
        }
    }

    /// The name readers show in access logs.
    public let providerName: String
    /// The values by Seata key.
    public let entries: [String: Entry]

    /// A snapshot of `entries`, named `providerName`.
    public init(providerName: String, entries: [String: Entry]) {
        self.providerName = providerName
        self.entries = entries
    }

    /// The Seata key a swift-configuration key stands for: its components joined with `.`.
    public static func seataKey(_ key: AbsoluteConfigKey) -> String {
        key.components.joined(separator: ".")
    }

    /// The value of `key` converted to `type`; nil content when the key is not set.
    ///
    /// - Throws: `ZooKeeperProviderError` when the value cannot be read as `type`.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        let name = Self.seataKey(key)
        guard let entry = entries[name] else { return LookupResult(encodedKey: name, value: nil) }
        return LookupResult(encodedKey: name, value: try Self.convert(entry, key: name, to: type))
    }

    /// Converts one entry to `type`.
    static func convert(_ entry: Entry, key: String, to type: ConfigType) throws -> ConfigValue {
        let text = entry.text
        func item<T>(_ parse: (String) -> T?) throws -> T {
            guard let value = parse(text) else { throw ZooKeeperProviderError(key: key, type: type) }
            return value
        }
        func items<T>(_ parse: (String) -> T?) throws -> [T] {
            try splitItems(text)
                .map { part in
                    guard let value = parse(part) else { throw ZooKeeperProviderError(key: key, type: type) }
                    return value
                }
        }
        let content: ConfigContent
        switch type {
        case .string: content = .string(text)
        case .int: content = .int(try item { Int($0) })
        case .double: content = .double(try item { Double($0) })
        case .bool: content = .bool(try item(bool))
        case .bytes: content = .bytes(try item(bytes))
        case .stringArray: content = .stringArray(splitItems(text))
        case .intArray: content = .intArray(try items { Int($0) })
        case .doubleArray: content = .doubleArray(try items { Double($0) })
        case .boolArray: content = .boolArray(try items(bool))
        case .byteChunkArray: content = .byteChunkArray(try items(bytes))
        }
        return ConfigValue(content, isSecret: entry.isSecret)
    }

    private static func splitItems(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false)
            .map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
    }

    private static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }

    private static func bytes(_ text: String) -> [UInt8]? {
        ConfigBytesFromBase64StringDecoder().decode(text)
    }
}
