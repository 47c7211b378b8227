/// A set of configuration values by key, each with its origin.
///
/// Iteration is sorted by key, so output built from it is stable.
public struct ConfigValues: Sendable, Hashable, Sequence {
    /// The values by key.
    public private(set) var dictionary: [String: SourcedValue]

    /// Makes a set from values by key.
    public init(_ values: [String: SourcedValue] = [:]) {
        self.dictionary = values
    }

    /// The value of a key, or nil when the key is not set.
    public subscript(key: String) -> SourcedValue? {
        get { dictionary[key] }
        set { dictionary[key] = newValue }
    }

    /// The keys, sorted.
    public var keys: [String] { dictionary.keys.sorted() }

    /// How many keys are set.
    public var count: Int { dictionary.count }

    /// Whether no key is set.
    public var isEmpty: Bool { dictionary.isEmpty }

    /// Whether a key is set (even to an empty value).
    public func contains(_ key: String) -> Bool { dictionary[key] != nil }

    /// These values overlaid with `other`: where both set a key, `other`'s value wins.
    public func merging(_ other: ConfigValues) -> ConfigValues {
        ConfigValues(dictionary.merging(other.dictionary) { _, later in later })
    }

    /// The key-value pairs sorted by key.
    public func makeIterator() -> IndexingIterator<[(key: String, value: SourcedValue)]> {
        dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}
