import NIOCore

/// The longest S2 string: Seata's Java decoder reads the u16 length as a signed short, so a longer
/// string would arrive as a negative length (read as null, its bytes then misread as fields).
let maximumS2Length = Int(Int16.max)

/// The bytes of `string`'s UTF-8 that ``ByteBuffer/writeS2(_:)`` writes after the length.
func s2Length(_ string: String) -> Int {
    let count = string.utf8.count
    return count <= maximumS2Length ? count : s2Cut(Array(string.utf8))
}

/// Where to cut UTF-8 longer than an S2 holds: at most 32767 bytes, on a character boundary.
private func s2Cut(_ bytes: [UInt8]) -> Int {
    var cut = maximumS2Length
    // bytes[cut] is the first byte left out; a continuation byte (10xxxxxx) there means the cut
    // splits a character, so back up to the character's first byte.
    while cut > 0, bytes[cut] & 0xC0 == 0x80 {
        cut -= 1
    }
    return cut
}

// Field readers and writers of the `seata` codec. Every reader names its field, so that an error
// says which field of which message was short or wrong; the message decoder adds the type code.
extension ByteBuffer {
    @inline(__always)
    mutating func readSeataInteger<T: FixedWidthInteger>(_ field: String, as: T.Type = T.self)
        throws(SeataProtocolError) -> T
    {
        guard let value = readInteger(endianness: .big, as: T.self) else {
            throw SeataProtocolError(
                .truncatedField(field: field, needed: MemoryLayout<T>.size, available: readableBytes)
            )
        }
        return value
    }

    /// A byte that must be one of an enum's raw values.
    @inline(__always)
    mutating func readSeataEnum<E: RawRepresentable>(_ field: String, as: E.Type = E.self)
        throws(SeataProtocolError) -> E where E.RawValue == UInt8
    {
        let byte = try readSeataInteger(field, as: UInt8.self)
        guard let value = E(rawValue: byte) else {
            throw SeataProtocolError(.invalidValue(field: field, value: Int(byte)))
        }
        return value
    }

    /// A boolean byte: 0 or 1, nothing else.
    @inline(__always)
    mutating func readSeataBool(_ field: String) throws(SeataProtocolError) -> Bool {
        switch try readSeataInteger(field, as: UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw SeataProtocolError(.invalidValue(field: field, value: Int(other)))
        }
    }

    /// Reads S2: a u16 length and that many bytes of UTF-8.
    ///
    /// Length 0 is Seata's null or empty string, read as "".
    @inline(__always)
    mutating func readS2(_ field: String) throws(SeataProtocolError) -> String {
        let length = Int(try readSeataInteger(field, as: UInt16.self))
        guard length <= maximumS2Length else {
            throw SeataProtocolError(.stringTooLong(field: field, length: length))
        }
        return try readSeataString(field, length: length)
    }

    /// Reads S4: an i32 length and that many bytes of UTF-8 (length 0: null or empty, read as "").
    @inline(__always)
    mutating func readS4(_ field: String) throws(SeataProtocolError) -> String {
        let length = Int(try readSeataInteger(field, as: Int32.self))
        guard length >= 0 else {
            throw SeataProtocolError(.negativeLength(field: field, length: length))
        }
        return try readSeataString(field, length: length)
    }

    /// `length` bytes of valid UTF-8.
    mutating func readSeataString(_ field: String, length: Int) throws(SeataProtocolError) -> String {
        if length == 0 { return "" }
        guard length <= readableBytes else {
            throw SeataProtocolError(.truncatedField(field: field, needed: length, available: readableBytes))
        }
        let string = withUnsafeReadableBytes { bytes in
            String(validating: UnsafeRawBufferPointer(rebasing: bytes.prefix(length)), as: UTF8.self)
        }
        guard let string else { throw SeataProtocolError(.invalidUTF8(field: field)) }
        moveReaderIndex(forwardBy: length)
        return string
    }

    /// Writes S2, null and "" alike as length 0 (as Seata does).
    ///
    /// A string over 32767 bytes is cut at the last whole character within that limit: Seata's Java
    /// peers cannot read longer ones, and Seata itself cuts failure messages the same way.
    @inline(__always)
    mutating func writeS2(_ string: String) {
        let count = string.utf8.count
        guard count <= maximumS2Length else {
            writeCutS2(string)
            return
        }
        writeInteger(UInt16(truncatingIfNeeded: count))
        writeString(string)
    }

    private mutating func writeCutS2(_ string: String) {
        let bytes = Array(string.utf8)
        let cut = s2Cut(bytes)
        writeInteger(UInt16(truncatingIfNeeded: cut))
        writeBytes(bytes[..<cut])
    }

    /// Writes S4: an i32 length and the UTF-8 bytes.
    @inline(__always)
    mutating func writeS4(_ string: String) {
        writeInteger(Int32(truncatingIfNeeded: string.utf8.count))
        writeString(string)
    }
}
