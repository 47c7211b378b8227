/// Turns the escapes of a key or value into characters, as `Properties.loadConvert` does.
///
/// `\t \n \r \f` are control characters, `\uXXXX` is one UTF-16 code unit (two escapes can make a
/// surrogate pair), and a backslash before any other character stands for that character.
/// Java keeps an unpaired surrogate in its string; a Swift string cannot hold one, so it is an error.
enum PropertiesUnescaper {
    /// Escapes resolved to UTF-16 code units, not yet checked for unpaired surrogates.
    struct Decoded {
        var units: [UInt16]
        /// Where each unit came from (the backslash, for an escape), for errors.
        var origins: [PropertiesInput.Unit]

        /// The text; an unpaired surrogate is an error at the escape that made it.
        func string(source: String) throws(PropertiesError) -> String {
            try PropertiesUnescaper.checkSurrogates(units, origins: origins, source: source)
            return String(decoding: units, as: UTF16.self)
        }
    }

    /// Resolves the escapes of a key or value; a malformed `\u` escape is an error.
    ///
    /// Surrogates are checked later, by `Decoded.string(source:)`, so that, as in Java, a
    /// malformed escape in the value is found before a bad surrogate in the key.
    static func decode(
        _ units: ArraySlice<PropertiesInput.Unit>,
        source: String
    ) throws(PropertiesError) -> Decoded {
        var out: [UInt16] = []
        var origins: [PropertiesInput.Unit] = []  // where each output unit came from, for errors
        out.reserveCapacity(units.count)
        var index = units.startIndex
        let end = units.endIndex
        while index < end {
            let unit = units[index]
            index += 1
            guard unit.code == 0x5C else {
                out.append(unit.code)
                origins.append(unit)
                continue
            }
            // The line reader never leaves an unescaped backslash last, so a character follows.
            let escaped = units[index].code
            index += 1
            if escaped == 0x75 {  // u
                guard end - index >= 4, let value = hexValue(units[index..<index + 4]) else {
                    let following = String(decoding: units[index..<min(end, index + 4)].map(\.code), as: UTF16.self)
                    throw PropertiesError(
                        kind: .malformedUnicodeEscape,
                        source: source,
                        line: Int(unit.line),
                        column: Int(unit.column),
                        message: "malformed \\uXXXX escape: '\\u\(following)' needs four hex digits after \\u"
                    )
                }
                index += 4
                out.append(value)
            } else {
                switch escaped {
                case 0x74: out.append(0x09)  // \t
                case 0x72: out.append(0x0D)  // \r
                case 0x6E: out.append(0x0A)  // \n
                case 0x66: out.append(0x0C)  // \f
                default: out.append(escaped)
                }
            }
            origins.append(unit)
        }
        return Decoded(units: out, origins: origins)
    }

    private static func hexValue(_ units: ArraySlice<PropertiesInput.Unit>) -> UInt16? {
        var value: UInt16 = 0
        for unit in units {
            let c = unit.code
            let digit: UInt16
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    fileprivate static func checkSurrogates(
        _ out: [UInt16],
        origins: [PropertiesInput.Unit],
        source: String
    ) throws(PropertiesError) {
        var index = 0
        while index < out.count {
            let code = out[index]
            if UTF16.isLeadSurrogate(code), index + 1 < out.count, UTF16.isTrailSurrogate(out[index + 1]) {
                index += 2
                continue
            }
            if UTF16.isLeadSurrogate(code) || UTF16.isTrailSurrogate(code) {
                let hex = String(code, radix: 16, uppercase: true)
                throw PropertiesError(
                    kind: .unpairedSurrogate,
                    source: source,
                    line: Int(origins[index].line),
                    column: Int(origins[index].column),
                    message: "\\u\(hex) is half of a surrogate pair without its other half"
                )
            }
            index += 1
        }
    }
}
