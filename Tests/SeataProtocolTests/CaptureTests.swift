import NIOCore
import SeataProtocol
import Testing

/// Bytes real clients sent (Seata's Java TM and RM, seata-python as TM and AT RM): every frame
/// decodes, agrees with the listener's reading, and re-encodes to the same bytes.
@Suite(.enabled(if: ProtocolFixtures.directory != nil, "fixtures ../shared/fixtures/seata-protocol are absent"))
struct CaptureTests {
    @Test(arguments: Capture.all)
    func everyClientFrameDecodesAsTheListenerReadIt(_ capture: Capture) throws {
        var frames: [SeataFrame] = []
        for read in capture.bytes where read.kind == "RECV" {
            var buffer = ByteBuffer(bytes: read.bytes)
            while let frame = try SeataFrame.decode(from: &buffer) {
                frames.append(frame)
            }
            #expect(buffer.readableBytes == 0, "\(capture.name):\(read.line): bytes left after the frames")
        }
        try #require(frames.count == capture.frameLines.count, "\(capture.name): one FRAME line per frame")
        for (frame, line) in zip(frames, capture.frameLines) {
            let place = "\(capture.name):\(line.line)"
            #expect(line.fields["ver"] == "1", "\(place)")
            #expect(line.fields["full"] == "\(frame.encodedLength)", "\(place)")
            #expect(line.fields["msgType"] == "\(frame.messageType.rawValue)", "\(place)")
            #expect(line.fields["reqId"] == "\(frame.requestID)", "\(place)")
            #expect(frame.headMap.isEmpty, "\(place)")
            let message = try frame.message()
            if !frame.messageType.isHeartbeat {
                #expect(line.fields["typeCode"] == "\(message.typeCode.rawValue)", "\(place)")
                #expect(line.fields["body"] == Hex.string(frame.body), "\(place)")
            }
            try expectReencodes(frame, message, place)
        }
    }

    @Test(arguments: Capture.all)
    func listenerFramesDecodeToo(_ capture: Capture) throws {
        for written in capture.bytes where written.kind != "RECV" {
            let frame = try SeataFrame(decoding: ByteBuffer(bytes: written.bytes))
            try expectReencodes(frame, try frame.message(), "\(capture.name):\(written.line)")
        }
    }

    @Test func javaRMSendsMergedRequestsOneWayWithTheirIDs() throws {
        let capture = try #require(Capture.all.first { $0.name == "java_rm_reply.log" })
        let merged = try capture.bytes.filter { $0.kind == "RECV" }
            .map { try SeataFrame(decoding: ByteBuffer(bytes: $0.bytes)) }
            .filter { $0.messageType == .oneWay }
        // Two sessions: the first registers a branch, the second registers and then reports.
        try #require(merged.count == 3)
        for frame in merged {
            guard case .mergedWarp(let message) = try frame.message() else {
                Issue.record("one-way frame \(frame.requestID) is not a MergedWarp")
                return
            }
            #expect(message.messageIDs?.count == message.messages.count)
        }
        guard case .mergedWarp(let register) = try merged[1].message(),
            case .mergedWarp(let report) = try merged[2].message()
        else { return }
        #expect(register.messageIDs == [2])
        #expect(
            register.messages == [
                .branchRegister(
                    BranchRegisterRequest(
                        xid: "127.0.0.1:8091:1001",
                        branchType: .tcc,
                        resourceId: "probe-resource",
                        lockKey: "t:1",
                        applicationData: #"{"k":"v"}"#
                    )
                )
            ]
        )
        #expect(report.messageIDs == [4])
        #expect(
            report.messages == [
                .branchReport(
                    BranchReportRequest(
                        xid: "127.0.0.1:8091:1001",
                        branchId: 2002,
                        status: .phaseOneDone,
                        resourceId: "",
                        applicationData: "",
                        branchType: .at
                    )
                )
            ]
        )
    }

    @Test func pythonClientRegistersWithVersionOneAndNoExtraData() throws {
        let capture = try #require(Capture.all.first { $0.name == "py_reply.log" })
        let first = try #require(capture.bytes.first { $0.kind == "RECV" })
        let message = try SeataFrame(decoding: ByteBuffer(bytes: first.bytes)).message()
        #expect(
            message
                == .registerTM(
                    RegisterTMRequest(
                        version: "1.0",
                        applicationId: "applicationName",
                        transactionServiceGroup: "my_test_tx_group",
                        extraData: ""
                    )
                )
        )
    }

    @Test func javaTMRegistersWithAuthenticationLines() throws {
        let capture = try #require(Capture.all.first { $0.name == "java_tm_reply.log" })
        let first = try #require(capture.bytes.first { $0.kind == "RECV" })
        guard case .registerTM(let request) = try SeataFrame(decoding: ByteBuffer(bytes: first.bytes)).message() else {
            Issue.record("the first frame is not RegisterTM")
            return
        }
        #expect(request.version == "2.3.0-SNAPSHOT")
        let keys = request.extraData.split(separator: "\n").map { $0.split(separator: "=").first.map(String.init) }
        #expect(keys == ["ak", "digest", "timestamp", "authVersion", "vgroup", "ip"])
    }

    private func expectReencodes(_ frame: SeataFrame, _ message: SeataMessage, _ place: String) throws {
        var original = ByteBuffer()
        frame.encode(into: &original)
        var rebuilt = ByteBuffer()
        SeataFrame.write(message, messageType: frame.messageType, requestID: frame.requestID, into: &rebuilt)
        #expect(Hex.string(rebuilt) == Hex.string(original), "\(place)")
    }
}
