import NIOCore
import SeataProtocol
import Testing

/// Seata's own encoder wrote these frames: each must decode to the fields its file lists and
/// re-encode to the same bytes, through every encoding path.
@Suite(.enabled(if: ProtocolFixtures.directory != nil, "fixtures ../shared/fixtures/seata-protocol are absent"))
struct GoldenFileTests {
    @Test func everyMessageOfTheTableHasAGoldenFile() {
        let codes = Set(GoldenFile.all.map(\.typeCode))
        let expected = Set(MessageTypeCode.allCases.map(\.rawValue))
        #expect(codes == expected)
        #expect(GoldenFile.all.count == 34)
    }

    @Test(arguments: GoldenFile.all)
    func responsesAreExactlyTheResponseFrames(_ golden: GoldenFile) throws {
        let code = try #require(MessageTypeCode(rawValue: golden.typeCode))
        // The golden responses travel in response frames; requests in request or one-way frames.
        #expect(code.isResponse == (golden.messageType == 1))
    }

    @Test(arguments: GoldenFile.all)
    func frameHeaderIsTheOneTheFileLists(_ golden: GoldenFile) throws {
        let frame = try SeataFrame(decoding: Hex.buffer(golden.frameHex))
        #expect(frame.requestID == golden.requestID)
        #expect(frame.messageType.rawValue == golden.messageType)
        #expect(frame.codec.rawValue == golden.codec)
        #expect(frame.compressor.rawValue == golden.compressor)
        #expect(Hex.string(frame.body) == golden.bodyHex)
    }

    @Test(arguments: GoldenFile.all)
    func bodyDecodesToTheFieldsTheFileLists(_ golden: GoldenFile) throws {
        let message = try SeataFrame(decoding: Hex.buffer(golden.frameHex)).message()
        #expect(message.typeCode.rawValue == golden.typeCode)
        let decoded = SeataFieldText(message).values
        var expected = golden.fields.filter { !["msgs", "resultMessages", "msgIds"].contains($0.key) }
        if golden.name.hasPrefix("23_") {
            // The file's fields line shows extraData as given to Seata's RegisterTMRequest, which
            // appends its own vgroup and ip lines when encoding; the bytes (and decoded_back) have them.
            expected = expected.map { field in
                field.key == "extraData" ? (field.key, field.value + "vgroup=my_test_tx_group\nip=192.0.2.2\n") : field
            }
        }
        for field in expected {
            let want = SeataFieldText.parse(field.value)
            let got = try #require(decoded[field.key], "\(golden.name): no field \(field.key)")
            #expect(got.text == want.text, "\(golden.name): \(field.key)")
            if let number = want.number { #expect(got.number == number, "\(golden.name): \(field.key)") }
        }
    }

    @Test(arguments: GoldenFile.all)
    func frameReencodesByteForByte(_ golden: GoldenFile) throws {
        let frame = try SeataFrame(decoding: Hex.buffer(golden.frameHex))
        var direct = ByteBuffer()
        frame.encode(into: &direct)
        #expect(Hex.string(direct) == golden.frameHex)
        #expect(frame.encodedLength == direct.readableBytes)

        // From the message value: through a body buffer, and in one pass.
        let message = try frame.message()
        let rebuilt = SeataFrame(
            messageType: frame.messageType,
            requestID: frame.requestID,
            message: message,
            headMap: frame.headMap
        )
        var viaBody = ByteBuffer()
        rebuilt.encode(into: &viaBody)
        #expect(Hex.string(viaBody) == golden.frameHex)
        var onePass = ByteBuffer()
        SeataFrame.write(
            message,
            messageType: frame.messageType,
            requestID: frame.requestID,
            headMap: frame.headMap,
            into: &onePass
        )
        #expect(Hex.string(onePass) == golden.frameHex)
    }

    @Test func headMapKeepsNullAndEmptyValuesApartAndInOrder() throws {
        let golden = try #require(GoldenFile.named("34_"))
        let frame = try SeataFrame(decoding: Hex.buffer(golden.frameHex))
        #expect(
            frame.headMap.entries == [
                .init(key: "k1", value: "v1"), .init(key: "empty", value: ""), .init(key: "nullv", value: nil),
            ]
        )
        #expect(frame.headMap["k1"] == "v1")
        #expect(frame.headMap["nullv"] == nil)
        #expect(try frame.message() == .globalStatus(GlobalEndRequest(xid: Self.xid)))
    }

    @Test func heartbeatsAreBodilessFramesOfTheirOwnType() throws {
        let ping = try SeataFrame(decoding: Hex.buffer(try #require(GoldenFile.named("28_")).frameHex))
        let pong = try SeataFrame(decoding: Hex.buffer(try #require(GoldenFile.named("29_")).frameHex))
        #expect(try ping.message() == .heartbeat(.ping))
        #expect(try pong.message() == .heartbeat(.pong))
        #expect(ping.heartbeatResponse() == pong)
        #expect(ping.response(.heartbeat(.pong)) == pong)
        #expect(SeataFrame.request(.heartbeat(.ping), requestID: 13) == ping)
    }

    @Test func mergedWarpHoldsTheRequestsAndTheirIDs() throws {
        let golden = try #require(GoldenFile.named("30_"))
        let frame = try SeataFrame(decoding: Hex.buffer(golden.frameHex))
        #expect(frame.messageType == .oneWay)
        let expected = MergedWarpMessage(messages: [Self.begin, Self.register], messageIDs: [20, 21])
        #expect(try frame.message() == .mergedWarp(expected))
    }

    @Test func mergeResultHoldsTheAnswersInOrder() throws {
        let golden = try #require(GoldenFile.named("31_"))
        let message = try SeataFrame(decoding: Hex.buffer(golden.frameHex)).message()
        #expect(message == .mergeResult(MergeResultMessage(results: [Self.beginAnswer, Self.registerAnswer])))
    }

    @Test func batchResultHoldsTheAnswersAndTheMergedIDs() throws {
        let golden = try #require(GoldenFile.named("32_"))
        let message = try SeataFrame(decoding: Hex.buffer(golden.frameHex)).message()
        let expected = BatchResultMessage(results: [Self.beginAnswer, Self.registerAnswer], messageIDs: [20, 21])
        #expect(message == .batchResult(expected))
    }

    @Test func mergedAnswerFrameIsBuiltFromTheMergedFrame() throws {
        let merged = try SeataFrame(decoding: Hex.buffer(try #require(GoldenFile.named("30_")).frameHex))
        let answer = merged.response(
            .mergeResult(MergeResultMessage(results: [Self.beginAnswer, Self.registerAnswer]))
        )
        var bytes = ByteBuffer()
        answer.encode(into: &bytes)
        #expect(Hex.string(bytes) == (try #require(GoldenFile.named("31_")).frameHex))

        var onePass = ByteBuffer()
        let batch = BatchResultMessage(results: [Self.beginAnswer, Self.registerAnswer], messageIDs: [20, 21])
        merged.writeResponse(.batchResult(batch), into: &onePass)
        #expect(Hex.string(onePass) == (try #require(GoldenFile.named("32_")).frameHex))
    }

    @Test func failedResultsCarryTheirMessage() throws {
        let begin = try SeataFrame(decoding: Hex.buffer(try #require(GoldenFile.named("03_")).frameHex)).message()
        #expect(
            begin
                == .globalBeginResponse(
                    GlobalBeginResponse(result: .failure(.beginFailed, message: "begin failed"), xid: "")
                )
        )
        #expect(begin.transactionResult?.isSuccess == false)
        let register = try SeataFrame(decoding: Hex.buffer(try #require(GoldenFile.named("06_")).frameHex)).message()
        #expect(register.transactionResult == .failure(.lockKeyConflict, message: "lock conflict"))
    }

    static let xid = "127.0.0.1:8091:2612345678901234567"
    static let begin = SeataMessage.globalBegin(GlobalBeginRequest(timeout: 60_000, transactionName: "test-tx"))
    static let register = SeataMessage.branchRegister(
        BranchRegisterRequest(
            xid: xid,
            branchType: .at,
            resourceId: "jdbc:mysql://127.0.0.1:3306/seata",
            lockKey: "account:1,2;stock:7",
            applicationData: #"{"autoCommit":false}"#
        )
    )
    static let beginAnswer = SeataMessage.globalBeginResponse(GlobalBeginResponse(result: .success, xid: xid))
    static let registerAnswer = SeataMessage.branchRegisterResponse(
        BranchRegisterResponse(result: .success, branchId: 2_612_345_678_901_234_568)
    )
}
