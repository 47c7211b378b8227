import NIOCore
import SeataProtocol
import Testing

/// Every malformed frame is refused with a reason a log line can name, as early as its bytes allow.
struct FrameErrorTests {
    /// A valid GlobalBegin request frame (id 7), to break one field at a time.
    static let valid: [UInt8] = {
        var buffer = ByteBuffer()
        SeataFrame.request(.globalBegin(GlobalBeginRequest(timeout: 60_000, transactionName: "tx")), requestID: 7)
            .encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }()

    static func reason(_ bytes: [UInt8], maximumLength: Int = SeataFrame.defaultMaximumLength)
        -> SeataProtocolError.Reason?
    {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            _ = try SeataFrame.decode(from: &buffer, maximumLength: maximumLength)
            return nil
        } catch {
            return error.reason
        }
    }

    static func with(_ offset: Int, _ bytes: UInt8...) -> [UInt8] {
        var frame = valid
        frame.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        return frame
    }

    @Test func validFrameDecodes() throws {
        var buffer = ByteBuffer(bytes: Self.valid)
        let frame = try #require(try SeataFrame.decode(from: &buffer))
        #expect(frame.requestID == 7)
        #expect(buffer.readableBytes == 0)
    }

    @Test func wrongMagicIsRefusedAtTheFirstByte() {
        #expect(Self.reason(Array("GET / HTTP/1.1\r\n".utf8)) == .wrongMagic(first: 0x47, second: 0x45))
        #expect(Self.reason([0x47]) == .wrongMagic(first: 0x47, second: nil))
        #expect(Self.reason([0xDA, 0x00]) == .wrongMagic(first: 0xDA, second: 0x00))
        #expect(Self.reason(Self.with(1, 0xDB)) == .wrongMagic(first: 0xDA, second: 0xDB))
    }

    @Test func versionZeroFrameIsNamedAsSuch() {
        #expect(Self.reason([0xDA, 0xDA, 0x00]) == .protocolVersionZero)
        #expect(Self.reason(Self.with(2, 0)) == .protocolVersionZero)
        #expect(Self.reason(Self.with(2, 2)) == .unsupportedProtocolVersion(2))
    }

    @Test func lengthsOutOfRangeAreRefused() {
        #expect(Self.reason(Self.with(3, 0, 0, 0, 15)) == .fullLengthTooShort(15))
        #expect(Self.reason(Self.with(3, 0, 0x80, 0, 1)) == .frameTooLong(fullLength: 0x80_0001, maximum: 8_388_608))
        #expect(Self.reason(Self.valid, maximumLength: 20) == .frameTooLong(fullLength: 26, maximum: 20))
        #expect(Self.reason(Self.with(7, 0, 15)) == .headLengthOutOfRange(headLength: 15, fullLength: 26))
        #expect(Self.reason(Self.with(7, 0, 27)) == .headLengthOutOfRange(headLength: 27, fullLength: 26))
    }

    @Test func tooLongFrameIsRefusedBeforeItsBytesArrive() {
        // Only the first seven bytes: the announced length is enough to refuse.
        #expect(
            Self.reason([0xDA, 0xDA, 1, 0xFF, 0xFF, 0xFF, 0xFF]) == .frameTooLong(fullLength: .max, maximum: 8_388_608)
        )
    }

    @Test func unknownMessageTypeCodecAndCompressorAreRefused() {
        #expect(Self.reason(Self.with(9, 5)) == .unknownMessageType(5))
        for codec in SeataFrame.Codec.allCases where codec != .seata {
            #expect(Self.reason(Self.with(10, codec.rawValue)) == .unsupportedCodec(codec.rawValue))
        }
        #expect(Self.reason(Self.with(10, 3)) == .unsupportedCodec(3))
        #expect(Self.reason(Self.with(11, 1)) == .unsupportedCompressor(1))
        #expect(Self.reason(Self.with(11, 99)) == .unsupportedCompressor(99))
    }

    @Test func codecErrorsNameTheCodecAndTheSetting() {
        let kryo = SeataProtocolError(.unsupportedCodec(4), requestID: 9)
        #expect(kryo.description.contains("request 9"))
        #expect(kryo.description.contains("kryo"))
        #expect(kryo.description.contains("transport.serialization=seata"))
        #expect(SeataProtocolError(.unsupportedCodec(22)).description.contains("hessian"))
        #expect(SeataProtocolError(.unsupportedCodec(50)).description.contains("jackson"))
        #expect(SeataProtocolError(.unsupportedCodec(2)).description.contains("protobuf"))
        #expect(SeataProtocolError(.unsupportedCompressor(1)).description.contains("gzip"))
        #expect(SeataProtocolError(.protocolVersionZero).description.contains("version 0"))
    }

    @Test func reasonsHaveStableLabelsForMetrics() {
        #expect(SeataProtocolError.Reason.wrongMagic(first: 1, second: 2).label == "wrong_magic")
        #expect(SeataProtocolError.Reason.unsupportedCodec(4).label == "unsupported_codec")
        #expect(SeataProtocolError.Reason.protocolVersionZero.label == "protocol_version_zero")
        #expect(
            SeataProtocolError.Reason.truncatedField(field: "xid", needed: 1, available: 0).label == "truncated_field"
        )
    }

    @Test func headerErrorsCarryTheRequestID() throws {
        var buffer = ByteBuffer(bytes: Self.with(10, 4))
        #expect(throws: SeataProtocolError(.unsupportedCodec(4), requestID: 7)) {
            try SeataFrame.decode(from: &buffer)
        }
    }

    @Test func headMapRunningPastHeadLengthIsRefused() {
        // headLength 16 + 5 bytes of head map: key length 1, "k", then a value length of 9.
        let headMap: [UInt8] = [0, 1, 0x6B, 0, 9]
        var frame = Array(Self.valid[0..<16]) + headMap
        frame[8] = 21
        frame[6] = UInt8(frame.count)
        #expect(Self.reason(frame) == .headMapOverrun(needed: 9, available: 0))

        var keyOnly = Array(Self.valid[0..<16]) + [0, 1, 0x6B]
        keyOnly[8] = 19
        keyOnly[6] = UInt8(keyOnly.count)
        #expect(Self.reason(keyOnly) == .headMapOverrun(needed: 2, available: 0))
    }

    @Test func nullHeadMapKeyIsRefused() {
        var frame = Array(Self.valid[0..<16]) + [0xFF, 0xFF, 0, 0]
        frame[8] = 20
        frame[6] = UInt8(frame.count)
        #expect(Self.reason(frame) == .nullHeadMapKey)
    }

    @Test func partialFrameWaitsAndLeavesTheBufferAlone() throws {
        for length in 0..<Self.valid.count {
            var buffer = ByteBuffer(bytes: Self.valid[0..<length])
            #expect(try SeataFrame.decode(from: &buffer) == nil)
            #expect(buffer.readableBytes == length)
        }
    }

    @Test func oneShotDecodingRefusesTruncationAndLeftovers() {
        #expect(throws: SeataProtocolError(.truncatedFrame(expected: 26, available: 20))) {
            try SeataFrame(decoding: ByteBuffer(bytes: Self.valid[0..<20]))
        }
        #expect(throws: SeataProtocolError(.truncatedFrame(expected: nil, available: 5))) {
            try SeataFrame(decoding: ByteBuffer(bytes: Self.valid[0..<5]))
        }
        #expect(throws: SeataProtocolError(.bytesAfterFrame(count: 1), requestID: 7)) {
            try SeataFrame(decoding: ByteBuffer(bytes: Self.valid + [0]))
        }
    }
}
