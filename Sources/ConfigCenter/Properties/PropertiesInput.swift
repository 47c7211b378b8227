/// A properties text decoded from UTF-8 into UTF-16 code units, each with its line and column.
///
/// `java.util.Properties` works on UTF-16 `char`s; decoding to the same units keeps the parser a
/// line-by-line match of Java's (a `\uD83D\uDE00` pair of escapes means one character in both).
/// Positions are kept per unit so any later error can name its line and column.
struct PropertiesInput {
    /// One UTF-16 code unit and where its character starts.
    struct Unit {
        var code: UInt16
        var line: Int32
        var column: Int32
    }

    var units: [Unit]

    /// Decodes `bytes`, dropping a leading byte order mark; invalid UTF-8 is an error at its position.
    init(bytes: [UInt8], source: String) throws(PropertiesError) {
        var units: [Unit] = []
        units.reserveCapacity(bytes.count)
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            start = 3
        }
        var line: Int32 = 1
        var column: Int32 = 1
        var previousWasCR = false
        var offset = start
        while offset < bytes.count {
            guard let (scalar, length) = Self.decodeScalar(bytes, at: offset) else {
                let hex = String(bytes[offset], radix: 16, uppercase: true)
                throw PropertiesError(
                    kind: .invalidUTF8,
                    source: source,
                    line: Int(line),
                    column: Int(column),
                    message: "invalid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset))"
                )
            }
            offset += length
            for code in UTF16.encode(scalar)! {
                units.append(Unit(code: code, line: line, column: column))
            }
            if scalar == "\n" {
                if !previousWasCR {
                    line += 1
                }
                column = 1
            } else if scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
        self.units = units
    }

    /// Decodes one scalar of strict UTF-8, or returns nil when the bytes at `offset` are not one.
    ///
    /// Strict means no overlong forms, no surrogates, nothing past U+10FFFF: the bytes Java's
    /// UTF-8 decoder accepts when told to report errors.
    static func decodeScalar(_ bytes: [UInt8], at offset: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[offset]
        if lead < 0x80 {
            return (Unicode.Scalar(lead), 1)
        }
        let length: Int
        var value: UInt32
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
        case 0xE0: (length, value, secondRange) = (3, 0, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xED: (length, value, secondRange) = (3, 0x0D, 0x80...0x9F)
        case 0xF0: (length, value, secondRange) = (4, 0, 0x90...0xBF)
        case 0xF1...0xF3: (length, value) = (4, UInt32(lead & 0x07))
        case 0xF4: (length, value, secondRange) = (4, 4, 0x80...0x8F)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for index in 1..<length {
            let byte = bytes[offset + index]
            let range: ClosedRange<UInt8> = index == 1 ? secondRange : 0x80...0xBF
            guard range.contains(byte) else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
