public import NIOCore

/// Client→TC (type code 59): several requests in one frame, as the Java client batches them.
///
/// The Java RM sends this frame one-way (messageType 2) and still waits for the answers: a
/// ``MergeResultMessage`` (or, from clients ≥ 1.5.0 when the server enables it, a
/// ``BatchResultMessage``) in a response frame carrying the merged frame's request id.
///
/// On the wire: i32 length of the rest, i16 count, count × (u16 type code + fields), then count ×
/// i32 message ids (each request's own id; clients before 1.5.0 leave the ids out).
public struct MergedWarpMessage: Sendable, Hashable {
    /// The requests, in order; none of them is itself a merge message.
    public var messages: [SeataMessage]
    /// Each request's id, in the same order and number; nil when the client sent none.
    ///
    /// An empty merge has no bytes to tell `[]` from nil, and decodes as nil.
    public var messageIDs: [UInt32]?

    /// Makes a merged message.
    ///
    /// - Parameters:
    ///   - messages: at most 32767 requests (Seata's count is an i16).
    ///   - messageIDs: nil, or one id per message.
    public init(messages: [SeataMessage], messageIDs: [UInt32]?) {
        self.messages = messages
        self.messageIDs = messageIDs
    }

    /// Reads the fields.
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> MergedWarpMessage {
        let (messages, ids) = try MergedBlock.decode(from: &buffer, ids: .optional)
        return MergedWarpMessage(messages: messages, messageIDs: ids)
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        MergedBlock.encode(messages, ids: messageIDs, into: &buffer)
    }
}

/// TC→client (type code 60): the answers to a ``MergedWarpMessage``, in its order, without ids.
public struct MergeResultMessage: Sendable, Hashable {
    /// The responses, one per merged request, in order.
    public var results: [SeataMessage]

    /// Makes a merge result of at most 32767 responses.
    public init(results: [SeataMessage]) {
        self.results = results
    }

    /// Reads the fields (i32 length, i16 count, count × (type code + fields)).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> MergeResultMessage {
        MergeResultMessage(results: try MergedBlock.decode(from: &buffer, ids: .none).messages)
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        MergedBlock.encode(results, ids: nil, into: &buffer)
    }
}

/// TC→client (type code 121): the answers to a ``MergedWarpMessage`` with the merged messages'
/// ids, which clients ≥ 1.5.0 accept when `transport.enableTcServerBatchSendResponse` is on.
public struct BatchResultMessage: Sendable, Hashable {
    /// The responses, in order.
    public var results: [SeataMessage]
    /// The id of the merged request each result answers, one per result.
    public var messageIDs: [UInt32]

    /// Makes a batch result.
    ///
    /// - Parameters:
    ///   - results: at most 32767 responses.
    ///   - messageIDs: one id per result.
    public init(results: [SeataMessage], messageIDs: [UInt32]) {
        self.results = results
        self.messageIDs = messageIDs
    }

    /// Reads the fields (as MergedWarp's, the ids required).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BatchResultMessage {
        let (results, ids) = try MergedBlock.decode(from: &buffer, ids: .required)
        return BatchResultMessage(results: results, messageIDs: ids ?? [])
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        MergedBlock.encode(results, ids: messageIDs, into: &buffer)
    }
}

/// The block the three merge messages share: i32 length, i16 count, the messages, maybe the ids.
enum MergedBlock {
    /// Whether the ids follow the messages.
    enum IDs {
        case none
        case optional
        case required
    }

    static func decode(from buffer: inout ByteBuffer, ids: IDs) throws(SeataProtocolError)
        -> (messages: [SeataMessage], ids: [UInt32]?)
    {
        let length = Int(try buffer.readSeataInteger("length", as: Int32.self))
        guard length >= 0 else { throw SeataProtocolError(.negativeLength(field: "length", length: length)) }
        guard var block = buffer.readSlice(length: length) else {
            throw SeataProtocolError(.truncatedField(field: "length", needed: length, available: buffer.readableBytes))
        }
        let count = Int(try block.readSeataInteger("count", as: Int16.self))
        guard count >= 0 else { throw SeataProtocolError(.negativeLength(field: "count", length: count)) }
        var messages: [SeataMessage] = []
        // Every message takes at least its two-byte type code: a lying count cannot reserve more.
        messages.reserveCapacity(min(count, block.readableBytes / 2))
        for index in 0..<count {
            do throws(SeataProtocolError) {
                let code = try block.readSeataInteger("typeCode", as: UInt16.self)
                guard let typeCode = MessageTypeCode(rawValue: code) else {
                    throw SeataProtocolError(.unknownTypeCode(code), typeCode: code)
                }
                switch typeCode {
                case .mergedWarp, .mergeResult, .batchResult, .heartbeat:
                    throw SeataProtocolError(.nestedMerge(code))
                default:
                    break
                }
                do throws(SeataProtocolError) {
                    messages.append(try SeataMessage.decode(typeCode: typeCode, from: &block))
                } catch var error {
                    error.typeCode = code
                    throw error
                }
            } catch var error {
                error.mergedIndex = index
                throw error
            }
        }
        var messageIDs: [UInt32]?
        if ids == .required || (ids == .optional && block.readableBytes > 0) {
            var read: [UInt32] = []
            read.reserveCapacity(min(count, block.readableBytes / 4))
            for _ in 0..<count {
                read.append(try block.readSeataInteger("msgIds", as: UInt32.self))
            }
            messageIDs = read
        }
        guard block.readableBytes == 0 else { throw SeataProtocolError(.trailingBytes(count: block.readableBytes)) }
        return (messages, messageIDs)
    }

    static func encode(_ messages: [SeataMessage], ids: [UInt32]?, into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(Int16(truncatingIfNeeded: messages.count))
        for message in messages {
            message.encode(into: &buffer)
        }
        for id in ids ?? [] {
            buffer.writeInteger(id)
        }
        buffer.setInteger(Int32(truncatingIfNeeded: buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
    }
}
