/// Something legal but probably unintended in a properties text.
public struct PropertiesWarning: Sendable, Hashable, CustomStringConvertible {
    /// The key the warning is about.
    public var key: String
    /// The file path or znode path the text came from.
    public var source: String
    /// The line of the entry that wins (the later one).
    public var line: Int
    /// The line of the earlier entry for the same key, which is ignored.
    public var previousLine: Int

    /// Makes a duplicate-key warning.
    public init(duplicateKey key: String, source: String, line: Int, previousLine: Int) {
        self.key = key
        self.source = source
        self.line = line
        self.previousLine = previousLine
    }

    /// What is wrong, naming both lines.
    public var message: String {
        "duplicate key '\(key)' (also set on line \(previousLine)); the value on line \(line) wins"
    }

    /// `FILE:LINE: warning: message`.
    public var description: String {
        "\(source):\(line): warning: \(message)"
    }
}
