import NIOCore

/// Hex text ↔ bytes, as the fixtures write them.
enum Hex {
    /// The bytes of `text` (pairs of hex digits, no separators); nil when it is not hex.
    static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// `text` as a buffer; traps on text that is not hex (fixtures are trusted test input).
    static func buffer(_ text: some StringProtocol) -> ByteBuffer {
        guard let bytes = bytes(text) else { preconditionFailure("not hex: \(text.prefix(40))") }
        return ByteBuffer(bytes: bytes)
    }

    /// Lower-case hex of the buffer's readable bytes.
    static func string(_ buffer: ByteBuffer) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(buffer.readableBytes * 2)
        for byte in buffer.readableBytesView {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
