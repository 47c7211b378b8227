/// Reads a flat JSON object of `"key": "value"` pairs (what `zkconfig export --format json`
/// writes), keeping what Foundation's JSON reader loses: the line and column of a syntax error,
/// of each pair, and keys given twice.
///
/// The whole JSON grammar is read (RFC 8259), so a nested value is reported as "not a string"
/// at its place rather than as a syntax error.
struct FlatJSONParser {
    /// One member of the top-level object.
    struct Member {
        var key: String
        /// The value when it is a string; nil for any other JSON value.
        var string: String?
        /// What the value is when it is not a string (`a number`, `an object`, …).
        var otherKind: String?
        var line: Int
        var column: Int
    }

    /// A syntax error and where it is.
    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The members of the object in `bytes`, in order, duplicates included.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> [Member] {
        var parser = FlatJSONParser(bytes)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        guard parser.peek == UInt8(ascii: "{") else {
            throw parser.error(parser.peek == nil ? "the input is empty" : "expected a JSON object ('{')")
        }
        let members = try parser.object()
        parser.skipWhitespace()
        if parser.peek != nil { throw parser.error("unexpected text after the object") }
        return members
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(line: line, column: column, message: message)
    }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1  // a column per character, not per UTF-8 byte
        }
    }

    private mutating func skipWhitespace() {
        while let byte = peek, [0x20, 0x09, 0x0A, 0x0D].contains(byte) { advance() }
    }

    private mutating func expect(_ character: Character, _ what: String) throws(SyntaxError) {
        guard peek == character.asciiValue else { throw error("expected \(what)") }
        advance()
    }

    /// The top-level object's members.
    private mutating func object() throws(SyntaxError) -> [Member] {
        advance()  // {
        var members: [Member] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            advance()
            return members
        }
        while true {
            skipWhitespace()
            let (line, column) = (self.line, self.column)
            guard peek == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let key = try string()
            skipWhitespace()
            try expect(":", "':' after the key")
            skipWhitespace()
            var member = Member(key: key, line: line, column: column)
            if peek == UInt8(ascii: "\"") {
                member.string = try string()
            } else {
                member.otherKind = try skipValue()
            }
            members.append(member)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"):
                advance()
                return members
            case nil: throw error("the object is not closed (expected ',' or '}')")
            default: throw error("expected ',' or '}' after the value")
            }
        }
    }

    /// Skips any JSON value and says what it was.
    private mutating func skipValue() throws(SyntaxError) -> String {
        switch peek {
        case UInt8(ascii: "\""):
            _ = try string()
            return "a string"
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = peek == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            advance()
            skipWhitespace()
            if peek == close {
                advance()
                return isObject ? "an object" : "an array"
            }
            while true {
                skipWhitespace()
                if isObject {
                    guard peek == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                    _ = try string()
                    skipWhitespace()
                    try expect(":", "':' after the key")
                    skipWhitespace()
                }
                _ = try skipValue()
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                guard peek == close else {
                    throw error("expected ',' or '\(isObject ? "}" : "]")'")
                }
                advance()
                return isObject ? "an object" : "an array"
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            try number()
            return "a number"
        case nil: throw error("expected a value, found the end of the input")
        default: throw error("expected a value (a string in double quotes)")
        }
        return "a boolean or null"
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let end = index + word.utf8.count
        guard end <= bytes.count, bytes[index..<end].elementsEqual(word.utf8) else {
            throw error("expected a value (a string in double quotes)")
        }
        for _ in word.utf8 { advance() }
    }

    private mutating func number() throws(SyntaxError) {
        func digits() -> Int {
            var count = 0
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                advance()
                count += 1
            }
            return count
        }
        if peek == UInt8(ascii: "-") { advance() }
        guard digits() > 0 else { throw error("expected digits in a number") }
        if peek == UInt8(ascii: ".") {
            advance()
            guard digits() > 0 else { throw error("expected digits after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            advance()
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { advance() }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
    }

    /// A string at `"`, unescaped.
    private mutating func string() throws(SyntaxError) -> String {
        advance()  // "
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws(SyntaxError) {
            guard !run.isEmpty else { return }
            guard let text = String(validating: run, as: UTF8.self) else {
                throw error("the text is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
            run = []
        }
        while true {
            guard let byte = peek else { throw error("the string is not closed (missing '\"')") }
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                advance()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                let start = SyntaxError(line: line, column: column, message: "")
                advance()
                scalars.append(try escape(at: start))
            case 0x00..<0x20:
                throw error("a control character in a string must be escaped (\\n, \\t, \\u00XX)")
            default:
                run.append(byte)
                advance()
            }
        }
    }

    /// The escape after a backslash at `start`; errors point at the backslash.
    private mutating func escape(at start: SyntaxError) throws(SyntaxError) -> Unicode.Scalar {
        func error(_ message: String) -> SyntaxError {
            SyntaxError(line: start.line, column: start.column, message: message)
        }
        guard let byte = peek else { throw error("the string is not closed (missing '\"')") }
        advance()
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hex4()
            if (0xD800..<0xDC00).contains(first) {
                guard peek == UInt8(ascii: "\\") else {
                    throw error("a high surrogate must be followed by \\uDC00–\\uDFFF")
                }
                advance()
                guard peek == UInt8(ascii: "u") else {
                    throw error("a high surrogate must be followed by \\uDC00–\\uDFFF")
                }
                advance()
                let second = try hex4()
                guard (0xDC00..<0xE000).contains(second) else {
                    throw error("a high surrogate must be followed by \\uDC00–\\uDFFF")
                }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(first) else {
                throw error("a lone low surrogate \\u\(String(first, radix: 16, uppercase: true))")
            }
            return scalar
        default:
            throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexValue(byte) else {
                throw error("expected 4 hex digits after \\u")
            }
            value = value * 16 + digit
            advance()
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
