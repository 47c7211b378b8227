public import NIOCore

/// One frame of Seata's RPC protocol v1: the header fields, the head map and the body bytes.
///
/// On the wire (big-endian): magic `0xDA 0xDA`, version 1, `fullLength` u32 (the whole frame),
/// `headLength` u16 (16 + the head map's bytes), `messageType` u8, codec u8, compressor u8,
/// `requestId` u32, the head map, then the body. The body is kept as the bytes that arrived (a slice,
/// not a copy); ``message()`` decodes it with the `seata` codec.
///
/// Lengths are computed when the frame is encoded, so they are not stored.
public struct SeataFrame: Sendable, Hashable {
    /// Request, response, one-way or heartbeat.
    public var messageType: MessageType
    /// The codec of the body; a decoded frame always has ``Codec/seata``.
    public var codec: Codec
    /// The compressor of the body; a decoded frame always has ``Compressor/none``.
    public var compressor: Compressor
    /// The request id: a response carries the id of its request.
    public var requestID: UInt32
    /// The head map, in wire order.
    public var headMap: SeataHeadMap
    /// The body: the message's u16 type code and fields (empty for heartbeats).
    public var body: ByteBuffer

    /// Makes a frame from its parts.
    public init(
        messageType: MessageType,
        requestID: UInt32,
        body: ByteBuffer,
        headMap: SeataHeadMap = [:],
        codec: Codec = .seata,
        compressor: Compressor = .none
    ) {
        self.messageType = messageType
        self.codec = codec
        self.compressor = compressor
        self.requestID = requestID
        self.headMap = headMap
        self.body = body
    }

    /// The magic bytes every frame starts with, as one big-endian u16.
    public static let magic: UInt16 = 0xDADA
    /// The protocol version this library reads and writes.
    public static let protocolVersion: UInt8 = 1
    /// The bytes of the fixed header, before the head map.
    public static let fixedHeaderLength = 16
    /// The largest frame a decoder accepts unless told otherwise: 8 MiB, as Seata's
    /// `ProtocolConstants.MAX_FRAME_LENGTH`.
    public static let defaultMaximumLength = 8 * 1024 * 1024
}
