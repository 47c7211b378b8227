public import NIOCore

extension SeataFrame {
    /// Reads one frame from the start of `buffer`, or returns nil (and leaves `buffer` untouched)
    /// when the frame has not fully arrived yet.
    ///
    /// The header is checked as soon as its bytes are there, so a peer that sends garbage is refused
    /// at its first bytes rather than after a length's worth of them. The body is a slice of
    /// `buffer`, not a copy.
    ///
    /// - Parameters:
    ///   - buffer: the received bytes; the reader index moves past the frame once it is complete, and
    ///     stays where the frame started when it is not, or on error.
    ///   - maximumLength: the largest `fullLength` accepted.
    /// - Returns: the frame, or nil when more bytes are needed.
    /// - Throws: ``SeataProtocolError`` for a malformed header or head map.
    public static func decode(
        from buffer: inout ByteBuffer,
        maximumLength: Int = SeataFrame.defaultMaximumLength
    ) throws(SeataProtocolError) -> SeataFrame? {
        let start = buffer.readerIndex
        let available = buffer.readableBytes
        guard available >= fixedHeaderLength else {
            try checkPartialHeader(buffer, available: available, maximumLength: maximumLength)
            return nil
        }
        // The fixed header, in wire order.
        let header = buffer.getMultipleIntegers(
            at: start,
            endianness: .big,
            as: (UInt16, UInt8, UInt32, UInt16, UInt8, UInt8, UInt8, UInt32).self
        )!
        let (magicBytes, version, fullLength, headLength, typeByte, codecByte, compressorByte, requestID) = header
        guard magicBytes == magic else {
            throw SeataProtocolError(.wrongMagic(first: UInt8(magicBytes >> 8), second: UInt8(magicBytes & 0xFF)))
        }
        let messageType: MessageType
        let codec: Codec
        let compressor: Compressor
        do throws(SeataProtocolError) {
            try checkVersion(version)
            try checkLengths(fullLength: fullLength, headLength: headLength, maximumLength: maximumLength)
            messageType = try checkMessageType(typeByte)
            codec = try checkCodec(codecByte)
            compressor = try checkCompressor(compressorByte)
        } catch var error {
            error.requestID = requestID
            throw error
        }
        guard available >= Int(fullLength) else { return nil }

        var headMap = SeataHeadMap()
        let headMapLength = Int(headLength) - fixedHeaderLength
        if headMapLength > 0 {
            var slice = buffer.getSlice(at: start + fixedHeaderLength, length: headMapLength)!
            do throws(SeataProtocolError) {
                headMap = try SeataHeadMap.decode(from: &slice)
            } catch var error {
                error.requestID = requestID
                throw error
            }
        }
        let body = buffer.getSlice(at: start + Int(headLength), length: Int(fullLength) - Int(headLength))!
        buffer.moveReaderIndex(forwardBy: Int(fullLength))
        return SeataFrame(
            messageType: messageType,
            requestID: requestID,
            body: body,
            headMap: headMap,
            codec: codec,
            compressor: compressor
        )
    }

    /// Reads exactly one frame: all of `bytes`, no more, no less.
    ///
    /// - Throws: ``SeataProtocolError/Reason/truncatedFrame(expected:available:)`` when `bytes` end
    ///   inside the frame, ``SeataProtocolError/Reason/bytesAfterFrame(count:)`` when more follows.
    public init(decoding bytes: ByteBuffer, maximumLength: Int = SeataFrame.defaultMaximumLength)
        throws(SeataProtocolError)
    {
        var buffer = bytes
        guard let frame = try Self.decode(from: &buffer, maximumLength: maximumLength) else {
            throw SeataProtocolError(
                .truncatedFrame(expected: Self.announcedLength(in: buffer), available: buffer.readableBytes)
            )
        }
        guard buffer.readableBytes == 0 else {
            throw SeataProtocolError(.bytesAfterFrame(count: buffer.readableBytes), requestID: frame.requestID)
        }
        self = frame
    }

    /// The number of bytes ``encode(into:)`` writes.
    public var encodedLength: Int {
        Self.fixedHeaderLength + headMap.encodedLength + body.readableBytes
    }

    /// Writes the frame, its lengths computed from the head map and the body.
    ///
    /// - Precondition: the head map encodes to at most 65519 bytes (headLength is a u16).
    public func encode(into buffer: inout ByteBuffer) {
        let headMapLength = headMap.encodedLength
        let headLength = Self.fixedHeaderLength + headMapLength
        precondition(headLength <= Int(UInt16.max), "a Seata head map holds at most 65519 bytes")
        let fullLength = headLength + body.readableBytes
        buffer.reserveCapacity(minimumWritableBytes: fullLength)
        Self.writeHeader(
            into: &buffer,
            fullLength: UInt32(truncatingIfNeeded: fullLength),
            headLength: UInt16(headLength),
            messageType: messageType,
            codec: codec,
            compressor: compressor,
            requestID: requestID
        )
        if headMapLength > 0 { headMap.encode(into: &buffer) }
        buffer.writeImmutableBuffer(body)
    }

    static func writeHeader(
        into buffer: inout ByteBuffer,
        fullLength: UInt32,
        headLength: UInt16,
        messageType: MessageType,
        codec: Codec,
        compressor: Compressor,
        requestID: UInt32
    ) {
        buffer.writeMultipleIntegers(
            magic,
            protocolVersion,
            fullLength,
            headLength,
            messageType.rawValue,
            codec.rawValue,
            compressor.rawValue,
            requestID,
            endianness: .big
        )
    }

    /// The fullLength a partial frame announces, when its bytes 3…6 are there.
    static func announcedLength(in buffer: ByteBuffer) -> Int? {
        buffer.getInteger(at: buffer.readerIndex + 3, endianness: .big, as: UInt32.self).map(Int.init)
    }

    // Checks the fields of a header that has not fully arrived, as far as it goes.
    private static func checkPartialHeader(_ buffer: ByteBuffer, available: Int, maximumLength: Int)
        throws(SeataProtocolError)
    {
        let start = buffer.readerIndex
        func byte(_ offset: Int) -> UInt8 { buffer.getInteger(at: start + offset, as: UInt8.self)! }
        guard available >= 1 else { return }
        let first = byte(0)
        let second = available >= 2 ? byte(1) : nil
        guard first == 0xDA, second == nil || second == 0xDA else {
            throw SeataProtocolError(.wrongMagic(first: first, second: second))
        }
        if available >= 3 { try checkVersion(byte(2)) }
        guard available >= 9 else {
            if available >= 7, let fullLength = buffer.getInteger(at: start + 3, endianness: .big, as: UInt32.self) {
                try checkFullLength(fullLength, maximumLength: maximumLength)
            }
            return
        }
        let (fullLength, headLength) = buffer.getMultipleIntegers(
            at: start + 3,
            endianness: .big,
            as: (UInt32, UInt16).self
        )!
        try checkLengths(fullLength: fullLength, headLength: headLength, maximumLength: maximumLength)
        if available >= 10 { _ = try checkMessageType(byte(9)) }
        if available >= 11 { _ = try checkCodec(byte(10)) }
        if available >= 12 { _ = try checkCompressor(byte(11)) }
    }

    private static func checkVersion(_ version: UInt8) throws(SeataProtocolError) {
        switch version {
        case protocolVersion: return
        case 0: throw SeataProtocolError(.protocolVersionZero)
        default: throw SeataProtocolError(.unsupportedProtocolVersion(version))
        }
    }

    private static func checkFullLength(_ fullLength: UInt32, maximumLength: Int) throws(SeataProtocolError) {
        guard Int(fullLength) >= fixedHeaderLength else {
            throw SeataProtocolError(.fullLengthTooShort(fullLength))
        }
        guard Int(fullLength) <= maximumLength else {
            throw SeataProtocolError(.frameTooLong(fullLength: fullLength, maximum: maximumLength))
        }
    }

    private static func checkLengths(fullLength: UInt32, headLength: UInt16, maximumLength: Int)
        throws(SeataProtocolError)
    {
        try checkFullLength(fullLength, maximumLength: maximumLength)
        guard Int(headLength) >= fixedHeaderLength, UInt32(headLength) <= fullLength else {
            throw SeataProtocolError(.headLengthOutOfRange(headLength: headLength, fullLength: fullLength))
        }
    }

    private static func checkMessageType(_ byte: UInt8) throws(SeataProtocolError) -> MessageType {
        guard let type = MessageType(rawValue: byte) else { throw SeataProtocolError(.unknownMessageType(byte)) }
        return type
    }

    private static func checkCodec(_ byte: UInt8) throws(SeataProtocolError) -> Codec {
        guard byte == Codec.seata.rawValue else { throw SeataProtocolError(.unsupportedCodec(byte)) }
        return .seata
    }

    private static func checkCompressor(_ byte: UInt8) throws(SeataProtocolError) -> Compressor {
        guard byte == Compressor.none.rawValue else { throw SeataProtocolError(.unsupportedCompressor(byte)) }
        return .none
    }
}
