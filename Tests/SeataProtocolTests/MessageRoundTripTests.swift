import NIOCore
import SeataProtocol
import Testing

/// What is encoded decodes back to the same value, and the documented quirks hold.
struct MessageRoundTripTests {
    @Test func randomMessagesRoundTripThroughFrames() throws {
        var random = RandomMessages(seed: 1)
        for _ in 0..<5_000 {
            let (frame, message) = random.frame()
            var bytes = ByteBuffer()
            frame.encode(into: &bytes)
            let decoded = try SeataFrame(decoding: bytes)
            #expect(decoded == frame)
            #expect(try decoded.message() == message, "\(message)")
        }
    }

    @Test func everyMessageTypeCodeHasItsCase() throws {
        var random = RandomMessages(seed: 2)
        var seen = Set<MessageTypeCode>()
        for _ in 0..<3_000 {
            seen.insert(random.message().typeCode)
        }
        #expect(seen == Set(MessageTypeCode.allCases))
    }

    @Test func nullAndEmptyStringsAreTheSameOnTheWire() throws {
        var bytes = ByteBuffer()
        SeataMessage.globalCommit(GlobalEndRequest(xid: "", extraData: "")).encode(into: &bytes)
        #expect(Array(bytes.readableBytesView) == [0, 7, 0, 0, 0, 0])
        #expect(try SeataMessage.decode(body: bytes) == .globalCommit(GlobalEndRequest(xid: "", extraData: "")))
    }

    @Test func successDoesNotCarryItsMessage() throws {
        var bytes = ByteBuffer()
        let response = BranchReportResponse(result: TransactionResult(code: .success, message: "ignored"))
        SeataMessage.branchReportResponse(response).encode(into: &bytes)
        #expect(Array(bytes.readableBytesView) == [0, 14, 1, 0])
    }

    @Test func globalReportWithoutStatusIsTheNullByte() throws {
        var bytes = ByteBuffer()
        SeataMessage.globalReport(GlobalReportRequest(xid: "x", globalStatus: nil)).encode(into: &bytes)
        #expect(Array(bytes.readableBytesView) == [0, 17, 0, 1, 0x78, 0, 0, 0xFF])
        #expect(try SeataMessage.decode(body: bytes) == .globalReport(GlobalReportRequest(xid: "x", globalStatus: nil)))
    }

    @Test func mergedWarpWithoutIDsAsOldClientsSendIt() throws {
        let merged = MergedWarpMessage(messages: [.globalCommit(GlobalEndRequest(xid: "a"))], messageIDs: nil)
        var bytes = ByteBuffer()
        SeataMessage.mergedWarp(merged).encode(into: &bytes)
        #expect(Array(bytes.readableBytesView) == [0, 59, 0, 0, 0, 9, 0, 1, 0, 7, 0, 1, 0x61, 0, 0])
        #expect(try SeataMessage.decode(body: bytes) == .mergedWarp(merged))
    }

    @Test func overlongS2IsCutAtACharacterBoundary() throws {
        // 32766 ASCII bytes, then "é" (two bytes) would end at 32768: the é is left out whole.
        let text = String(repeating: "a", count: 32_766) + "é" + "tail"
        var bytes = ByteBuffer()
        SeataMessage.globalCommit(GlobalEndRequest(xid: text)).encode(into: &bytes)
        guard case .globalCommit(let request) = try SeataMessage.decode(body: bytes) else {
            Issue.record("not a GlobalCommit")
            return
        }
        #expect(request.xid == String(repeating: "a", count: 32_766))

        // Head maps cut the same way, and their lengths agree with what is written.
        let frame = SeataFrame(messageType: .request, requestID: 1, body: ByteBuffer(), headMap: ["k": text])
        var framed = ByteBuffer()
        frame.encode(into: &framed)
        #expect(framed.readableBytes == frame.encodedLength)
        #expect(try SeataFrame(decoding: framed).headMap["k"] == String(repeating: "a", count: 32_766))
    }

    @Test func responseEchoesTheRequestIDCodecAndCompressor() throws {
        let request = SeataFrame.request(
            .globalBegin(GlobalBeginRequest(timeout: 5, transactionName: "t")),
            requestID: 99
        )
        let answer = GlobalBeginResponse(result: .success, xid: "127.0.0.1:8091:1")
        let response = request.response(.globalBeginResponse(answer))
        #expect(response.messageType == .response)
        #expect(response.requestID == 99)
        #expect(response.codec == request.codec)
        #expect(response.compressor == request.compressor)
        #expect(response.headMap.isEmpty)
        #expect(try response.message() == .globalBeginResponse(answer))

        var viaFrame = ByteBuffer()
        response.encode(into: &viaFrame)
        var onePass = ByteBuffer()
        request.writeResponse(.globalBeginResponse(answer), into: &onePass)
        #expect(onePass == viaFrame)
    }

    @Test func oneWayMergedFrameIsAnsweredWithAResponse() throws {
        let merged = SeataFrame.oneWay(.mergedWarp(MergedWarpMessage(messages: [], messageIDs: [])), requestID: 3)
        #expect(merged.messageType == .oneWay)
        let answer = merged.response(.mergeResult(MergeResultMessage(results: [])))
        #expect(answer.messageType == .response)
        #expect(answer.requestID == 3)
    }

    @Test func pongAnswersAPingWithItsID() throws {
        let ping = SeataFrame.heartbeatRequest(requestID: 12)
        let pong = ping.heartbeatResponse()
        var bytes = ByteBuffer()
        pong.encode(into: &bytes)
        #expect(Hex.string(bytes) == "dada010000001000100401000000000c")
        var onePass = ByteBuffer()
        ping.writeResponse(.heartbeat(.pong), into: &onePass)
        #expect(onePass == bytes)
    }

    @Test func heartbeatBodyIsIgnoredAsSeataDoes() throws {
        let ping = SeataFrame(messageType: .heartbeatRequest, requestID: 1, body: ByteBuffer(bytes: [1, 2, 3]))
        #expect(try ping.message() == .heartbeat(.ping))
    }

    @Test func handBuiltFrameWithAnotherCodecIsNotDecoded() {
        let frame = SeataFrame(
            messageType: .request,
            requestID: 8,
            body: ByteBuffer(bytes: [0, 7, 0, 0, 0, 0]),
            codec: .kryo
        )
        #expect(throws: SeataProtocolError(.unsupportedCodec(4), requestID: 8)) { try frame.message() }
    }
}
