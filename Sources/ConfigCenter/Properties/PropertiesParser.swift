import Foundation

/// Reads Java properties text with the semantics of `java.util.Properties.load`, exactly.
///
/// Comments (`#`, `!`), separators (`=`, `:`, or whitespace), continuation lines, escapes
/// (`\t \n \r \f \\ \uXXXX`; any other `\c` means `c`), kept trailing whitespace, and "last
/// duplicate wins" all behave as in Java 17 (`Tools/properties-oracle` checks this against the JDK).
/// Beyond Java: the input is UTF-8 (a byte order mark is dropped; CRLF works as in Java), and
/// what Java would silently accept or report without a position — invalid UTF-8, a malformed
/// `\u` escape, an unpaired surrogate — is a `PropertiesError` naming line and column.
/// A repeated key is kept in `entries` and reported as a `PropertiesWarning`.
public enum PropertiesParser {
    /// Parses properties text; `source` names where it came from (a path) for positions and origins.
    public static func parse(_ bytes: [UInt8], source: String) throws(PropertiesError) -> PropertiesDocument {
        let input = try PropertiesInput(bytes: bytes, source: source)
        var reader = PropertiesLineReader(input.units)
        var entries: [PropertiesEntry] = []
        var warnings: [PropertiesWarning] = []
        var firstLines: [String: Int] = [:]
        while let line = reader.next() {
            let entry = try parseEntry(line, source: source)
            if let previous = firstLines[entry.key] {
                warnings.append(
                    PropertiesWarning(duplicateKey: entry.key, source: source, line: entry.line, previousLine: previous)
                )
            }
            firstLines[entry.key] = entry.line
            entries.append(entry)
        }
        return PropertiesDocument(source: source, entries: entries, warnings: warnings)
    }

    /// Parses properties text given as a string (already decoded, so no UTF-8 errors can occur).
    public static func parse(_ text: String, source: String) throws(PropertiesError) -> PropertiesDocument {
        try parse(Array(text.utf8), source: source)
    }

    /// Reads and parses a file; an unreadable file is a `PropertiesError` of kind `.unreadable`.
    public static func parse(contentsOfFile path: String) throws(PropertiesError) -> PropertiesDocument {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path)
        } catch {
            throw PropertiesError(kind: .unreadable, source: path, line: 0, column: 0, message: error.message)
        }
        return try parse(bytes, source: path)
    }

    private static let equals: UInt16 = 0x3D
    private static let colon: UInt16 = 0x3A
    private static let space: UInt16 = 0x20
    private static let tab: UInt16 = 0x09
    private static let formFeed: UInt16 = 0x0C
    private static let backslash: UInt16 = 0x5C

    private static func isWhitespace(_ c: UInt16) -> Bool {
        c == space || c == tab || c == formFeed
    }

    /// Splits a logical line into key and value as `Properties.load0` does: the key ends at the
    /// first unescaped `=`, `:` or whitespace; then whitespace, at most one `=` or `:`, and more
    /// whitespace are skipped; the rest, trailing whitespace included, is the value.
    private static func parseEntry(
        _ line: PropertiesLineReader.LogicalLine,
        source: String
    ) throws(PropertiesError) -> PropertiesEntry {
        let units = line.units
        let limit = units.endIndex
        var keyEnd = units.startIndex
        var valueStart = limit
        var hasSeparator = false
        var precedingBackslash = false
        while keyEnd < limit {
            let c = units[keyEnd].code
            if (c == equals || c == colon) && !precedingBackslash {
                valueStart = keyEnd + 1
                hasSeparator = true
                break
            } else if isWhitespace(c) && !precedingBackslash {
                valueStart = keyEnd + 1
                break
            }
            precedingBackslash = c == backslash ? !precedingBackslash : false
            keyEnd += 1
        }
        while valueStart < limit {
            let c = units[valueStart].code
            if !isWhitespace(c) {
                if !hasSeparator && (c == equals || c == colon) {
                    hasSeparator = true
                } else {
                    break
                }
            }
            valueStart += 1
        }
        let rawKey = try PropertiesUnescaper.decode(units[units.startIndex..<keyEnd], source: source)
        let rawValue = try PropertiesUnescaper.decode(units[valueStart..<limit], source: source)
        let key = try rawKey.string(source: source)
        let value = try rawValue.string(source: source)
        return PropertiesEntry(key: key, value: value, line: line.line, column: line.column)
    }
}
