public import NIOCore

/// Cuts an inbound byte stream into ``SeataFrame``s; use it as
/// `ByteToMessageHandler(SeataFrameDecoder())`.
///
/// It only frames: it checks the header (magic, version 1, lengths, messageType, the `seata` codec,
/// no compressor) and the head map, and hands on the body undecoded (``SeataFrame/message()``
/// decodes it). A frame split across reads waits for its rest; several frames in one read come
/// out one by one. Malformed input throws a ``SeataProtocolError``, as early as the bytes allow;
/// the handler then forwards it through `errorCaught`, and the connection should be closed (the
/// stream cannot be resynchronised). Input that ends inside a frame throws
/// ``SeataProtocolError/Reason/truncatedFrame(expected:available:)`` at EOF.
public struct SeataFrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    /// What the decoder produces.
    public typealias InboundOut = SeataFrame

    /// The largest `fullLength` accepted.
    public let maximumFrameLength: Int

    /// Makes a decoder.
    ///
    /// - Parameter maximumFrameLength: the largest frame accepted, 8 MiB by default (as Seata's).
    public init(maximumFrameLength: Int = SeataFrame.defaultMaximumLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// Decodes the next frame, or returns nil when it has not fully arrived.
    public mutating func decode(buffer: inout ByteBuffer) throws(SeataProtocolError) -> SeataFrame? {
        try SeataFrame.decode(from: &buffer, maximumLength: maximumFrameLength)
    }

    /// Decodes what is left when no more input comes; bytes of an unfinished frame at EOF are an error.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws(SeataProtocolError)
        -> SeataFrame?
    {
        if let frame = try decode(buffer: &buffer) { return frame }
        if seenEOF, buffer.readableBytes > 0 {
            throw SeataProtocolError(
                .truncatedFrame(expected: SeataFrame.announcedLength(in: buffer), available: buffer.readableBytes)
            )
        }
        return nil
    }
}
