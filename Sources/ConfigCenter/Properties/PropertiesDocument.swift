/// One `key=value` entry of a properties text, where it starts.
public struct PropertiesEntry: Sendable, Hashable {
    /// The key, unescaped.
    public var key: String
    /// The value, unescaped; may be empty.
    public var value: String
    /// The 1-based line where the entry starts (its first line, if it continues over several).
    public var line: Int
    /// The 1-based column (in Unicode characters) where the key starts.
    public var column: Int

    /// Makes an entry.
    public init(key: String, value: String, line: Int, column: Int) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
    }
}

/// A parsed properties text: its entries in order, and warnings about them.
public struct PropertiesDocument: Sendable, Hashable {
    /// The file path or znode path the text came from.
    public var source: String
    /// Every entry in the order written, duplicates included.
    public var entries: [PropertiesEntry]
    /// Duplicate keys, each naming both lines.
    public var warnings: [PropertiesWarning]

    /// Makes a document.
    public init(source: String, entries: [PropertiesEntry], warnings: [PropertiesWarning] = []) {
        self.source = source
        self.entries = entries
        self.warnings = warnings
    }

    /// The entries as values by key; the last of duplicate keys wins, as in `java.util.Properties`.
    public func values(origin: (_ line: Int) -> ConfigOrigin) -> ConfigValues {
        var values = ConfigValues()
        for entry in entries {
            values[entry.key] = SourcedValue(entry.value, origin: origin(entry.line))
        }
        return values
    }

    /// The entries as values whose origin is `source:line` (a file on disk).
    public func values() -> ConfigValues {
        values { .file(path: source, line: $0) }
    }

    /// The entries as values whose origin is a line of the znode at `znodePath`
    /// (the single-node layout).
    public func values(znodePath: String) -> ConfigValues {
        values { .znodeProperties(path: znodePath, line: $0) }
    }
}
