/// Why bytes could not be read as Seata's protocol v1 with the `seata` codec.
///
/// One value per problem, with what was found and where (the frame's request id and the message's
/// type code when they were already read, the index inside a merged frame). ``description`` is one
/// line naming the reason and what to do about it, meant for the log line that accompanies closing
/// the connection.
public struct SeataProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for a program to match on.
    public enum Reason: Sendable, Hashable {
        /// The first two bytes are not Seata's magic `0xDA 0xDA` (the second is nil when only one
        /// byte had arrived).
        case wrongMagic(first: UInt8, second: UInt8?)
        /// The version byte is 0: Seata's old v0 frame, which this library does not read.
        case protocolVersionZero
        /// The version byte is neither 0 nor 1.
        case unsupportedProtocolVersion(UInt8)
        /// `fullLength` is below the 16 bytes of the fixed header.
        case fullLengthTooShort(UInt32)
        /// `fullLength` is above the decoder's maximum.
        case frameTooLong(fullLength: UInt32, maximum: Int)
        /// `headLength` is below 16 or above `fullLength`.
        case headLengthOutOfRange(headLength: UInt16, fullLength: UInt32)
        /// The `messageType` byte is not 0…4.
        case unknownMessageType(UInt8)
        /// The codec byte is not 1 (`seata`); ``SeataFrame/Codec`` names the known others.
        case unsupportedCodec(UInt8)
        /// The compressor byte is not 0 (none); ``SeataFrame/Compressor`` names the known others.
        case unsupportedCompressor(UInt8)
        /// A head map entry runs past `headLength`.
        case headMapOverrun(needed: Int, available: Int)
        /// A head map key has the null length 0xFFFF (Seata never writes null keys).
        case nullHeadMapKey
        /// The input ended inside a frame (`expected` is nil when the length was not yet read).
        case truncatedFrame(expected: Int?, available: Int)
        /// Bytes follow the frame where exactly one frame was expected.
        case bytesAfterFrame(count: Int)
        /// A request, response or one-way frame without a body.
        case emptyBody
        /// The body's type code is not one of Seata's.
        case unknownTypeCode(UInt16)
        /// A type code that never opens a body: heartbeats are frames without a body.
        case typeCodeWithoutBody(UInt16)
        /// A merge message (59, 60, 121) or heartbeat inside a merged message.
        case nestedMerge(UInt16)
        /// A field needs more bytes than the body has left.
        case truncatedField(field: String, needed: Int, available: Int)
        /// A length prefix is negative.
        case negativeLength(field: String, length: Int)
        /// An S2 string is longer than 32767 bytes, which Seata's Java decoder reads as negative.
        case stringTooLong(field: String, length: Int)
        /// A string is not valid UTF-8.
        case invalidUTF8(field: String)
        /// A byte or number that is not one of the field's values (a status, a flag).
        case invalidValue(field: String, value: Int)
        /// Bytes left over after the message's last field.
        case trailingBytes(count: Int)
    }

    /// What is wrong.
    public var reason: Reason
    /// The frame's request id, when the header had been read.
    public var requestID: UInt32?
    /// The type code of the message being decoded, when known.
    public var typeCode: UInt16?
    /// The 0-based position of the message inside a merged message, when that is where it failed.
    public var mergedIndex: Int?

    /// Makes an error.
    public init(_ reason: Reason, requestID: UInt32? = nil, typeCode: UInt16? = nil, mergedIndex: Int? = nil) {
        self.reason = reason
        self.requestID = requestID
        self.typeCode = typeCode
        self.mergedIndex = mergedIndex
    }

    /// One line: where (request id, message), what, and what to do.
    public var description: String {
        var place: [String] = []
        if let requestID { place.append("request \(requestID)") }
        if let typeCode {
            let name = MessageTypeCode(rawValue: typeCode).map { "\($0)" } ?? "type code"
            place.append("\(name) (\(typeCode))")
        }
        if let mergedIndex { place.append("merged message #\(mergedIndex)") }
        let prefix = place.isEmpty ? "Seata frame" : "Seata frame, " + place.joined(separator: ", ")
        return "\(prefix): \(reason)"
    }
}

extension SeataProtocolError.Reason: CustomStringConvertible {
    /// What is wrong and what to do, for a person.
    public var description: String {
        switch self {
        case .wrongMagic(let first, let second):
            let found = second.map { "\(hex(first)) \(hex($0))" } ?? hex(first)
            return "wrong magic \(found) (expected 0xDA 0xDA): the peer does not speak Seata's RPC protocol; "
                + "check what is connected to the transaction port"
        case .protocolVersionZero:
            return "protocol version 0 (the v0 frame) is not supported; use a Seata client that speaks protocol v1"
        case .unsupportedProtocolVersion(let version):
            return "protocol version \(version) is not supported (only 1); use a client that speaks protocol v1"
        case .fullLengthTooShort(let length):
            return "fullLength \(length) is shorter than the 16-byte header: the frame is corrupt"
        case .frameTooLong(let length, let maximum):
            return "fullLength \(length) exceeds the maximum of \(maximum) bytes: the frame is corrupt or too large"
        case .headLengthOutOfRange(let head, let full):
            return "headLength \(head) is outside 16…fullLength (\(full)): the frame is corrupt"
        case .unknownMessageType(let type):
            return "messageType \(type) is unknown (0 request, 1 response, 2 one-way, 3/4 heartbeat)"
        case .unsupportedCodec(let code):
            let name = SeataFrame.Codec(rawValue: code).map { "\($0)" } ?? "an unknown codec"
            return "codec \(code) (\(name)) is not supported, only 1 (seata): "
                + "configure the client with transport.serialization=seata"
        case .unsupportedCompressor(let code):
            let name = SeataFrame.Compressor(rawValue: code).map { "\($0)" } ?? "an unknown compressor"
            return "compressor \(code) (\(name)) is not supported, only 0 (none): "
                + "configure the client with transport.compressor=none"
        case .headMapOverrun(let needed, let available):
            return "a head map entry needs \(needed) bytes but only \(available) remain before the body: "
                + "headLength is wrong"
        case .nullHeadMapKey:
            return "a head map key is null (length 0xFFFF); keys must be strings"
        case .truncatedFrame(let expected, let available):
            let of = expected.map { " of \($0)" } ?? ""
            return "the input ended inside a frame (\(available) bytes\(of)): the peer closed mid-frame"
        case .bytesAfterFrame(let count):
            return "\(count) bytes follow the frame where exactly one frame was expected"
        case .emptyBody:
            return "the frame has no body; requests and responses carry a type code and fields"
        case .unknownTypeCode(let code):
            return "type code \(code) is not a Seata message this coordinator knows"
        case .typeCodeWithoutBody(let code):
            return "type code \(code) never opens a body (heartbeats are bodiless frames of messageType 3 and 4)"
        case .nestedMerge(let code):
            return "type code \(code) cannot appear inside a merged message"
        case .truncatedField(let field, let needed, let available):
            return "field \(field) needs \(needed) bytes but the body has \(available) left: the message is truncated"
        case .negativeLength(let field, let length):
            return "field \(field) has a negative length \(length)"
        case .stringTooLong(let field, let length):
            return "field \(field) is \(length) bytes long; Seata's S2 strings hold at most 32767"
        case .invalidUTF8(let field):
            return "field \(field) is not valid UTF-8"
        case .invalidValue(let field, let value):
            return "field \(field) has the value \(value), which is not one of its values"
        case .trailingBytes(let count):
            return "\(count) bytes follow the message's last field: the body does not match its type code"
        }
    }
}

extension SeataProtocolError.Reason {
    /// A stable snake_case name for the reason (`wrong_magic`, `unsupported_codec`, …), for a metric
    /// label or a log field; it never contains the values.
    public var label: String {
        switch self {
        case .wrongMagic: "wrong_magic"
        case .protocolVersionZero: "protocol_version_zero"
        case .unsupportedProtocolVersion: "unsupported_protocol_version"
        case .fullLengthTooShort: "full_length_too_short"
        case .frameTooLong: "frame_too_long"
        case .headLengthOutOfRange: "head_length_out_of_range"
        case .unknownMessageType: "unknown_message_type"
        case .unsupportedCodec: "unsupported_codec"
        case .unsupportedCompressor: "unsupported_compressor"
        case .headMapOverrun: "head_map_overrun"
        case .nullHeadMapKey: "null_head_map_key"
        case .truncatedFrame: "truncated_frame"
        case .bytesAfterFrame: "bytes_after_frame"
        case .emptyBody: "empty_body"
        case .unknownTypeCode: "unknown_type_code"
        case .typeCodeWithoutBody: "type_code_without_body"
        case .nestedMerge: "nested_merge"
        case .truncatedField: "truncated_field"
        case .negativeLength: "negative_length"
        case .stringTooLong: "string_too_long"
        case .invalidUTF8: "invalid_utf8"
        case .invalidValue: "invalid_value"
        case .trailingBytes: "trailing_bytes"
        }
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
