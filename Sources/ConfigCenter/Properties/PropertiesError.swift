/// Why a properties text could not be read, with the place to fix it.
///
/// `java.util.Properties` replaces invalid UTF-8 silently and throws without a position on a
/// malformed `\uXXXX`; this parser stops at the first such problem and names file, line and
/// column (1-based; the column counts Unicode characters), so an operator can go straight there.
public struct PropertiesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for a program to match on.
    public enum Kind: Sendable, Hashable {
        /// The bytes are not UTF-8.
        case invalidUTF8
        /// A `\u` escape without four hex digits after it.
        case malformedUnicodeEscape
        /// A `\uXXXX` escape that leaves half of a UTF-16 surrogate pair, which no string can hold.
        case unpairedSurrogate
        /// The file could not be read at all (line and column are 0).
        case unreadable
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// The file path or znode path the text came from.
    public var source: String
    /// The 1-based line of the problem (0 when the file could not be read).
    public var line: Int
    /// The 1-based column of the problem, in Unicode characters (0 when unknown).
    public var column: Int
    /// What is wrong, for a person.
    public var message: String

    /// Makes an error.
    public init(kind: Kind, source: String, line: Int, column: Int, message: String) {
        self.kind = kind
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// What a person can do about it.
    public var action: String {
        switch kind {
        case .invalidUTF8:
            "save the file as UTF-8 (a file in ISO-8859-1 can be converted with iconv -f ISO-8859-1 -t UTF-8)"
        case .malformedUnicodeEscape:
            "write \\u followed by exactly four hex digits, or \\\\u for a literal backslash and u"
        case .unpairedSurrogate:
            "write characters outside the BMP as a pair of \\uD800-\\uDBFF and \\uDC00-\\uDFFF escapes, or as UTF-8"
        case .unreadable:
            "check the path and its permissions"
        }
    }

    /// `FILE:LINE:COLUMN: message; action`, the form compilers use, so editors can jump to it.
    public var description: String {
        let place = line > 0 ? "\(source):\(line):\(column)" : source
        // An unreadable file's message says what to do already (`is a directory; give …`).
        return kind == .unreadable ? "\(place): \(message)" : "\(place): \(message); \(action)"
    }
}
