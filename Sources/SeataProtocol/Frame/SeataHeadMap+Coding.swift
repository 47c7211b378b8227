import NIOCore

/// The length that marks a null head map value.
private let nullLength: UInt16 = 0xFFFF

extension SeataHeadMap {
    /// The bytes the map takes on the wire.
    var encodedLength: Int {
        var length = 0
        for entry in entries {
            length += 4 + s2Length(entry.key) + (entry.value.map(s2Length) ?? 0)
        }
        return length
    }

    func encode(into buffer: inout ByteBuffer) {
        for entry in entries {
            buffer.writeS2(entry.key)
            if let value = entry.value {
                buffer.writeS2(value)
            } else {
                buffer.writeInteger(nullLength)
            }
        }
    }

    /// Reads entries until `buffer` (the head map's bytes, exactly) is empty.
    static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> SeataHeadMap {
        var entries: [Entry] = []
        while buffer.readableBytes > 0 {
            guard let key = try readString(from: &buffer, field: "head map key") else {
                throw SeataProtocolError(.nullHeadMapKey)
            }
            let value = try readString(from: &buffer, field: "head map value")
            entries.append(Entry(key: key, value: value))
        }
        return SeataHeadMap(entries)
    }

    private static func readString(from buffer: inout ByteBuffer, field: String) throws(SeataProtocolError)
        -> String?
    {
        guard let length = buffer.readInteger(endianness: .big, as: UInt16.self) else {
            throw SeataProtocolError(.headMapOverrun(needed: 2, available: buffer.readableBytes))
        }
        if length == nullLength { return nil }
        guard Int(length) <= maximumS2Length else {
            throw SeataProtocolError(.stringTooLong(field: field, length: Int(length)))
        }
        guard Int(length) <= buffer.readableBytes else {
            throw SeataProtocolError(.headMapOverrun(needed: Int(length), available: buffer.readableBytes))
        }
        return try buffer.readSeataString(field, length: Int(length))
    }
}
