/// Writes keys and values as properties text that `PropertiesParser` (and `java.util.Properties`)
/// reads back to exactly the same keys and values.
///
/// It escapes only what needs it, so the output stays readable (`store.db.url=jdbc:mysql://h/db?a=b`
/// is written as is, where `Properties.store` would write `jdbc\:mysql\://...`):
/// - in keys: `\`, `=`, `:`, whitespace, and `#` or `!` as the first character;
/// - in values: `\`, leading whitespace (the parser skips it), and trailing whitespace (editors
///   strip it; `\ ` survives that);
/// - in both: tab, newline, carriage return and form feed as `\t \n \r \f`, and other control
///   characters (U+0000–U+001F, U+007F–U+009F, U+2028, U+2029) and U+FEFF (a byte order mark at
///   the start would be dropped) as `\uXXXX`.
/// Other characters are written as UTF-8, or as `\uXXXX` with `escapeNonASCII` for readers that
/// decode properties as ISO-8859-1 (`Properties.load(InputStream)`).
public enum PropertiesWriter {
    /// The text for `entries` in the order given, one `key=value` line each, with an optional
    /// header written as `#` comment lines.
    public static func write(
        _ entries: [(key: String, value: String)],
        header: String? = nil,
        escapeNonASCII: Bool = false
    ) -> String {
        var text = ""
        if let header {
            for line in header.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                text += line.isEmpty ? "#\n" : "# \(line)\n"
            }
        }
        for (key, value) in entries {
            text += escapeKey(key, escapeNonASCII: escapeNonASCII)
            text += "="
            text += escapeValue(value, escapeNonASCII: escapeNonASCII)
            text += "\n"
        }
        return text
    }

    /// The text for `values`, sorted by key (their origins are not written).
    public static func write(_ values: ConfigValues, header: String? = nil, escapeNonASCII: Bool = false) -> String {
        write(values.map { (key: $0.key, value: $0.value.value) }, header: header, escapeNonASCII: escapeNonASCII)
    }

    /// A key escaped for the left of `=`.
    public static func escapeKey(_ key: String, escapeNonASCII: Bool = false) -> String {
        var out = ""
        for (index, scalar) in key.unicodeScalars.enumerated() {
            switch scalar {
            case "\\", "=", ":", " ":
                out += "\\" + String(scalar)
            case "#" where index == 0, "!" where index == 0:
                out += "\\" + String(scalar)
            default:
                out += escapeCommon(scalar, escapeNonASCII: escapeNonASCII)
            }
        }
        return out
    }

    /// A value escaped for the right of `=`.
    public static func escapeValue(_ value: String, escapeNonASCII: Bool = false) -> String {
        let scalars = Array(value.unicodeScalars)
        let leading = scalars.prefix { $0 == " " }.count
        let trailing = leading == scalars.count ? 0 : scalars.reversed().prefix { $0 == " " }.count
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\":
                out += "\\\\"
            case " " where index < leading || index >= scalars.count - trailing:
                out += "\\ "
            default:
                out += escapeCommon(scalar, escapeNonASCII: escapeNonASCII)
            }
        }
        return out
    }

    private static func escapeCommon(_ scalar: Unicode.Scalar, escapeNonASCII: Bool) -> String {
        switch scalar {
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\u{0C}": return "\\f"
        default: break
        }
        let value = scalar.value
        let isControl =
            value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            || value == 0xFEFF
        if isControl || (escapeNonASCII && value > 0x7E) {
            return UTF16.encode(scalar)!.map(unicodeEscape).joined()
        }
        return String(scalar)
    }

    private static func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
