public import NIOCore

extension SeataFrame {
    /// Makes a frame whose body is `message`, encoded now with the `seata` codec.
    ///
    /// A ``SeataMessage/heartbeat(_:)`` gives an empty body; pair it with a heartbeat messageType
    /// (``heartbeatRequest(requestID:)`` and ``heartbeatResponse()`` do).
    public init(messageType: MessageType, requestID: UInt32, message: SeataMessage, headMap: SeataHeadMap = [:]) {
        var body = ByteBuffer()
        message.encode(into: &body)
        self.init(messageType: messageType, requestID: requestID, body: body, headMap: headMap)
    }

    /// A request frame (a heartbeat request for ``SeataMessage/heartbeat(_:)``).
    public static func request(_ message: SeataMessage, requestID: UInt32) -> SeataFrame {
        if case .heartbeat = message { return heartbeatRequest(requestID: requestID) }
        return SeataFrame(messageType: .request, requestID: requestID, message: message)
    }

    /// A one-way request frame: no response expected (UndoLogDelete; the Java RM's merged frames).
    public static func oneWay(_ message: SeataMessage, requestID: UInt32) -> SeataFrame {
        SeataFrame(messageType: .oneWay, requestID: requestID, message: message)
    }

    /// A heartbeat ping.
    public static func heartbeatRequest(requestID: UInt32) -> SeataFrame {
        SeataFrame(messageType: .heartbeatRequest, requestID: requestID, body: ByteBuffer())
    }

    /// The response frame to this request: `message` as its body, this frame's request id, codec
    /// and compressor, messageType response (heartbeat response for a heartbeat), no head map
    /// (Seata's responses carry none).
    ///
    /// This holds for one-way frames too: the Java RM's one-way MergedWarp is answered this way.
    public func response(_ message: SeataMessage) -> SeataFrame {
        var body = ByteBuffer()
        message.encode(into: &body)
        return SeataFrame(
            messageType: Self.responseType(for: message),
            requestID: requestID,
            body: body,
            codec: codec,
            compressor: compressor
        )
    }

    /// The pong that answers this ping: same request id, codec and compressor, no body.
    public func heartbeatResponse() -> SeataFrame {
        SeataFrame(
            messageType: .heartbeatResponse,
            requestID: requestID,
            body: ByteBuffer(),
            codec: codec,
            compressor: compressor
        )
    }

    /// Decodes the body with the `seata` codec; a heartbeat frame is ``SeataMessage/heartbeat(_:)``
    /// whatever its body (Seata ignores a heartbeat's body too).
    ///
    /// Errors carry this frame's request id.
    public func message() throws(SeataProtocolError) -> SeataMessage {
        switch messageType {
        case .heartbeatRequest: return .heartbeat(.ping)
        case .heartbeatResponse: return .heartbeat(.pong)
        case .request, .response, .oneWay: break
        }
        do throws(SeataProtocolError) {
            // A decoded frame has passed these checks; a frame built by hand may not have.
            guard codec == .seata else { throw SeataProtocolError(.unsupportedCodec(codec.rawValue)) }
            guard compressor == .none else { throw SeataProtocolError(.unsupportedCompressor(compressor.rawValue)) }
            return try SeataMessage.decode(body: body)
        } catch var error {
            error.requestID = requestID
            throw error
        }
    }

    /// Writes a whole frame carrying `message` straight into `buffer`, in one pass and without an
    /// intermediate body buffer: the fast path for a server's answers.
    public static func write(
        _ message: SeataMessage,
        messageType: MessageType,
        requestID: UInt32,
        headMap: SeataHeadMap = [:],
        into buffer: inout ByteBuffer
    ) {
        write(
            message,
            messageType: messageType,
            requestID: requestID,
            headMap: headMap,
            codec: .seata,
            compressor: .none,
            into: &buffer
        )
    }

    /// Writes the response to this request (see ``response(_:)``) straight into `buffer`.
    public func writeResponse(_ message: SeataMessage, into buffer: inout ByteBuffer) {
        Self.write(
            message,
            messageType: Self.responseType(for: message),
            requestID: requestID,
            headMap: [:],
            codec: codec,
            compressor: compressor,
            into: &buffer
        )
    }

    private static func write(
        _ message: SeataMessage,
        messageType: MessageType,
        requestID: UInt32,
        headMap: SeataHeadMap,
        codec: Codec,
        compressor: Compressor,
        into buffer: inout ByteBuffer
    ) {
        let headMapLength = headMap.encodedLength
        let headLength = fixedHeaderLength + headMapLength
        precondition(headLength <= Int(UInt16.max), "a Seata head map holds at most 65519 bytes")
        let start = buffer.writerIndex
        writeHeader(
            into: &buffer,
            fullLength: 0,
            headLength: UInt16(headLength),
            messageType: messageType,
            codec: codec,
            compressor: compressor,
            requestID: requestID
        )
        if headMapLength > 0 { headMap.encode(into: &buffer) }
        message.encode(into: &buffer)
        buffer.setInteger(UInt32(truncatingIfNeeded: buffer.writerIndex - start), at: start + 3, endianness: .big)
    }

    private static func responseType(for message: SeataMessage) -> MessageType {
        if case .heartbeat = message { return .heartbeatResponse }
        return .response
    }
}
