import Foundation

/// The configuration a seed wants stored: distinct keys with their values, in the order the
/// input file first names them.
///
/// A repeated key keeps its first position and its last value, as `java.util.Properties`
/// keeps the last (Seata's stock file sets `client.rm.sqlParserType` twice).
public struct SeedInput: Sendable, Hashable {
    /// Where the entries came from (a path, or `<stdin>`).
    public var source: String
    /// The entries, one per key.
    public var entries: [SeedEntry]
    /// Things worth telling a person that do not stop the seed (duplicate keys).
    public var warnings: [String]

    /// An input from its parts.
    public init(source: String, entries: [SeedEntry], warnings: [String] = []) {
        self.source = source
        self.entries = entries
        self.warnings = warnings
    }

    /// The keys, in order.
    public var keys: [String] { entries.map(\.key) }

    /// Reads and checks a file: properties text, or a flat JSON object of strings when the
    /// path ends in `.json` (what `zkconfig export --format json` writes).
    ///
    /// - Parameter path: The file, or `-` for standard input (JSON when it starts with `{`).
    /// - Returns: The distinct keys in file order, with duplicate-key warnings.
    /// - Throws: `SeedInputError` naming `FILE:LINE:COLUMN` for a parse error, and every
    ///   invalid key name at once.
    public static func load(path: String) throws(SeedInputError) -> SeedInput {
        let source = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        do {
            if path == "-" {
                bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            } else {
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            }
        } catch {
            throw SeedInputError(
                problems: [
                    .init(
                        source: source,
                        message:
                            "cannot read the file (\(error.localizedDescription)); check the path and its permissions"
                    )
                ]
            )
        }
        let format = SeedInputFormat.detect(path: path, bytes: bytes)
        return try parse(bytes, source: source, format: format)
    }

    /// Parses and checks input bytes in `format`.
    ///
    /// - Throws: `SeedInputError` for text that does not parse or keys that cannot be znode names.
    public static func parse(_ bytes: [UInt8], source: String, format: SeedInputFormat) throws(SeedInputError)
        -> SeedInput
    {
        let input: SeedInput
        switch format {
        case .properties: input = try parseProperties(bytes, source: source)
        case .json: input = try parseJSON(bytes, source: source)
        }
        var problems: [SeedInputError.Problem] = []
        for entry in input.entries {
            if let reason = ConfigKeyName.validate(entry.key) {
                problems.append(
                    .init(
                        source: source,
                        line: entry.line,
                        column: entry.column,
                        key: entry.key,
                        message: "key '\(entry.key)' \(reason); a key must be a single znode name"
                    )
                )
            }
        }
        guard problems.isEmpty else { throw SeedInputError(problems: problems) }
        return input
    }

    private static func parseProperties(_ bytes: [UInt8], source: String) throws(SeedInputError) -> SeedInput {
        let document: PropertiesDocument
        do {
            document = try PropertiesParser.parse(bytes, source: source)
        } catch {
            throw SeedInputError(
                problems: [
                    .init(
                        source: source,
                        line: error.line,
                        column: error.column,
                        message: "\(error.message); \(error.action)"
                    )
                ]
            )
        }
        var entries: [SeedEntry] = []
        var index: [String: Int] = [:]
        for entry in document.entries {
            let seedEntry = SeedEntry(key: entry.key, value: entry.value, line: entry.line, column: entry.column)
            if let existing = index[entry.key] {
                // The last value wins, at the first position: the file's order stays readable.
                entries[existing].value = entry.value
                entries[existing].line = entry.line
                entries[existing].column = entry.column
            } else {
                index[entry.key] = entries.count
                entries.append(seedEntry)
            }
        }
        return SeedInput(source: source, entries: entries, warnings: document.warnings.map(\.description))
    }

    private static func parseJSON(_ bytes: [UInt8], source: String) throws(SeedInputError) -> SeedInput {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw SeedInputError(
                problems: [
                    .init(
                        source: source,
                        message: "not valid JSON (\(error.localizedDescription)); expected an object of string values"
                    )
                ]
            )
        }
        guard let dictionary = object as? [String: Any] else {
            throw SeedInputError(
                problems: [.init(source: source, message: "expected a JSON object of \"key\": \"value\" pairs")]
            )
        }
        var entries: [SeedEntry] = []
        var problems: [SeedInputError.Problem] = []
        for key in dictionary.keys.sorted() {
            // NSNumber would also bridge booleans; only real strings are values.
            guard let value = dictionary[key] as? String, !(dictionary[key] is NSNumber) else {
                problems.append(
                    .init(
                        source: source,
                        key: key,
                        message: "the value of '\(key)' is not a string; write it in quotes"
                    )
                )
                continue
            }
            entries.append(SeedEntry(key: key, value: value, line: 0, column: 0))
        }
        guard problems.isEmpty else { throw SeedInputError(problems: problems) }
        return SeedInput(source: source, entries: entries)
    }
}

/// One key of a seed input and where it is written.
public struct SeedEntry: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value, exactly as it is to be stored (UTF-8).
    public var value: String
    /// The 1-based line of the entry (0 when the input has no lines, as JSON).
    public var line: Int
    /// The 1-based column of the key (0 when unknown).
    public var column: Int

    /// An entry from its parts.
    public init(key: String, value: String, line: Int = 0, column: Int = 0) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
    }
}

/// The syntax of a seed input.
public enum SeedInputFormat: String, Sendable, Hashable {
    /// Java properties (`config.txt`).
    case properties
    /// A flat JSON object of strings (`zkconfig export --format json`).
    case json

    /// JSON for a `.json` path, or for standard input that starts with `{`; else properties.
    public static func detect(path: String, bytes: [UInt8]) -> SeedInputFormat {
        if path.lowercased().hasSuffix(".json") { return .json }
        if path == "-", let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == 0x7B {
            return .json
        }
        return .properties
    }
}
