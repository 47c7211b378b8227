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
    /// An input without keys is not an error here; the commands decide (`--allow-empty`).
    ///
    /// - Parameter path: The file, or `-` for standard input (JSON when it starts with `{`).
    /// - Returns: The distinct keys in file order, with duplicate-key warnings.
    /// - Throws: `SeedInputError` naming `FILE:LINE:COLUMN` for a parse error, and every
    ///   invalid key name at once.
    public static func load(path: String) throws(SeedInputError) -> SeedInput {
        let source = InputFile.name(path)
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path)
        } catch {
            throw SeedInputError(problems: [.init(source: source, message: error.message)])
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
        let members: [FlatJSONParser.Member]
        do {
            members = try FlatJSONParser.parse(bytes)
        } catch {
            throw SeedInputError(
                problems: [
                    .init(
                        source: source,
                        line: error.line,
                        column: error.column,
                        message: "not valid JSON: \(error.message); expected an object of \"key\": \"value\" strings"
                    )
                ]
            )
        }
        var entries: [SeedEntry] = []
        var index: [String: Int] = [:]
        var problems: [SeedInputError.Problem] = []
        var warnings: [String] = []
        for member in members {
            guard let value = member.string else {
                problems.append(
                    .init(
                        source: source,
                        line: member.line,
                        column: member.column,
                        key: member.key,
                        message: "the value of '\(member.key)' is \(member.otherKind ?? "not a string"), not a string; "
                            + "write it in double quotes"
                    )
                )
                continue
            }
            let entry = SeedEntry(key: member.key, value: value, line: member.line, column: member.column)
            if let existing = index[member.key] {
                // As for properties: the last value wins, at the first position.
                warnings.append(
                    PropertiesWarning(
                        duplicateKey: member.key,
                        source: source,
                        line: member.line,
                        previousLine: entries[existing].line
                    )
                    .description
                )
                entries[existing] = SeedEntry(
                    key: member.key,
                    value: value,
                    line: member.line,
                    column: member.column
                )
            } else {
                index[member.key] = entries.count
                entries.append(entry)
            }
        }
        guard problems.isEmpty else { throw SeedInputError(problems: problems) }
        return SeedInput(source: source, entries: entries, warnings: warnings)
    }
}

/// One key of a seed input and where it is written.
public struct SeedEntry: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value, exactly as it is to be stored (UTF-8).
    public var value: String
    /// The 1-based line of the entry.
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
