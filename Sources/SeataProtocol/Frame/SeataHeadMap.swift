/// The optional string map between a frame's fixed header and its body, in wire order.
///
/// Each entry is a u16 key length and the key's UTF-8, then a u16 value length and the value;
/// length 0xFFFF is a null value (distinct from the empty string, length 0). Entries keep their
/// wire order, duplicates included, so a decoded frame re-encodes byte for byte. Seata's clients
/// send an empty map; an empty map costs no allocation.
public struct SeataHeadMap: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One key and its value (nil for a null value).
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value, nil when the wire says null (0xFFFF).
        public var value: String?

        /// Makes an entry.
        public init(key: String, value: String?) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, in wire order.
    public var entries: [Entry]

    /// Makes a head map of `entries`, in that order.
    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// Makes a head map from a literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, String?)...) {
        self.entries = elements.map { Entry(key: $0.0, value: $0.1) }
    }

    /// Whether the map has no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The value of the last entry with `key` (as Java's `HashMap` keeps the last), nil when there
    /// is none or its value is null; look at ``entries`` to tell the two apart.
    public subscript(key: String) -> String? {
        entries.last(where: { $0.key == key })?.value ?? nil
    }
}
