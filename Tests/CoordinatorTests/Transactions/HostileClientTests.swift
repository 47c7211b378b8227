import CoordinatorTestSupport
import Foundation
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// Whatever a client sends, the coordinator survives: a bad frame closes that connection only,
/// with one log line naming the peer and the reason and a count on `/metrics`, while other
/// clients go on completing transactions.
@Suite(.serialized) struct HostileClientTests {
    /// A registered TM: RegisterTM answered, identified.
    private func registeredTM(_ coordinator: RunningCoordinator) async throws -> RawSeataConnection {
        let connection = try await RawSeataConnection.connect(port: coordinator.harness.port)
        let answer = try await connection.request(
            .registerTM(
                RegisterTMRequest(version: "2.3.0", applicationId: "hostile-test", transactionServiceGroup: "g")
            ),
            id: 1
        )
        guard case .registerTMResponse(let response) = answer, response.identified else {
            throw TestSetupError("RegisterTM was not identified: \(answer)")
        }
        return connection
    }

    /// Begins and commits one transaction on a registered TM connection.
    private func commitOne(on connection: RawSeataConnection, id: inout UInt32) async throws {
        id += 1
        let begun = try await connection.request(
            .globalBegin(GlobalBeginRequest(timeout: 60000, transactionName: "t")),
            id: id
        )
        guard case .globalBeginResponse(let begin) = begun, begin.result.isSuccess else {
            throw TestSetupError("GlobalBegin failed: \(begun)")
        }
        id += 1
        let committed = try await connection.request(.globalCommit(GlobalEndRequest(xid: begin.xid)), id: id)
        guard case .globalCommitResponse(let commit) = committed, commit.globalStatus == .committed else {
            throw TestSetupError("GlobalCommit did not commit: \(committed)")
        }
    }

    private static let goodFrame = RawSeataConnection.bytes(
        of: .request(.globalStatus(GlobalEndRequest(xid: "127.0.0.1:8091:1")), requestID: 7)
    )

    /// Each of these is refused by closing the connection, with this metric label.
    private static let badInputs: [(name: String, label: String, bytes: [UInt8])] = {
        var wrongMagic = goodFrame
        wrongMagic[0] = 0x47
        var versionZero = goodFrame
        versionZero[2] = 0
        var overLong = goodFrame
        overLong.replaceSubrange(3..<7, with: [0x00, 0x90, 0x00, 0x00])  // 9 MiB
        var kryo = goodFrame
        kryo[10] = 4
        var gzip = goodFrame
        gzip[11] = 1
        var unknownType = goodFrame
        unknownType.replaceSubrange(16..<18, with: [0x03, 0xE7])  // type code 999
        return [
            ("a wrong magic", "wrong_magic", wrongMagic),
            ("a v0 frame", "protocol_version_zero", versionZero),
            ("a length over 8 MiB", "frame_too_long", overLong),
            ("an unknown codec", "unsupported_codec", kryo),
            ("an unknown compressor", "unsupported_compressor", gzip),
            ("an unknown type code", "unknown_type_code", unknownType),
            ("an HTTP request", "wrong_magic", Array("GET / HTTP/1.1\r\n\r\n".utf8)),
        ]
    }()

    @Test func badFramesCloseOnlyTheirConnectionAndAreCounted() async throws {
        let coordinator = try await RunningCoordinator.start("hostile")
        defer { Task { await coordinator.stop() } }
        let good = try await registeredTM(coordinator)
        var id: UInt32 = 1
        for input in Self.badInputs {
            let bad = try await RawSeataConnection.connect(port: coordinator.harness.port)
            try await bad.send(input.bytes)
            let event = try await bad.next()
            #expect(event == .closed, "\(input.name): the connection must be closed")
            await bad.close()
            try await commitOne(on: good, id: &id)
        }
        let metrics = try await coordinator.harness.get("/metrics").body
        for input in Self.badInputs {
            #expect(
                metrics.contains("coordinator_transport_refusals_total{reason=\"\(input.label)\"}"),
                "\(input.name) counted as \(input.label)"
            )
        }
        let log = coordinator.process.stderrSoFar
        #expect(log.contains("codec 4 (kryo) is not supported"), "the log names the codec")
        #expect(log.components(separatedBy: "Closing a client connection").count - 1 >= Self.badInputs.count)
        #expect(try await coordinator.harness.get("/health").status == 200)
        await good.close()
    }

    @Test func aFrameCutOffByTheClientIsLoggedAndForgotten() async throws {
        let coordinator = try await RunningCoordinator.start("hostile-truncated")
        defer { Task { await coordinator.stop() } }
        let truncated = try await RawSeataConnection.connect(port: coordinator.harness.port)
        try await truncated.send(Array(Self.goodFrame.prefix(20)))
        await truncated.close()
        let logged = await coordinator.process.waitForOutput("the input ended inside a frame", timeout: .seconds(5))
        #expect(logged)
        let metrics = try await coordinator.harness.get("/metrics").body
        #expect(metrics.contains("coordinator_transport_refusals_total{reason=\"truncated_frame\"}"))
        let good = try await registeredTM(coordinator)
        var id: UInt32 = 1
        try await commitOne(on: good, id: &id)
        await good.close()
    }

    @Test func aRequestBeforeRegisteringDisconnects() async throws {
        let coordinator = try await RunningCoordinator.start("hostile-unregistered")
        defer { Task { await coordinator.stop() } }
        let connection = try await RawSeataConnection.connect(port: coordinator.harness.port)
        // A heartbeat is allowed before registering; a transaction request is not.
        try await connection.send(.heartbeatRequest(requestID: 3))
        guard case .frame(let pong) = try await connection.next() else {
            Issue.record("no pong")
            return
        }
        #expect(pong.messageType == .heartbeatResponse)
        #expect(pong.requestID == 3)
        try await connection.send(Self.goodFrame)
        #expect(try await connection.next() == .closed)
        let metrics = try await coordinator.harness.get("/metrics").body
        #expect(metrics.contains("coordinator_transport_refusals_total{reason=\"not_registered\"}"))
    }

    /// A registered 2.3.0 client gets its frames glued into one flush per event-loop turn; a
    /// refusal that closes its connection must still reach it first.
    @Test func aRefusalOnAGluingConnectionArrivesBeforeTheClose() async throws {
        let coordinator = try await RunningCoordinator.start("hostile-refused-glued")
        defer { Task { await coordinator.stop() } }
        let connection = try await registeredTM(coordinator)
        try await connection.send(
            .request(
                .registerTM(RegisterTMRequest(version: "2.3.0", applicationId: "", transactionServiceGroup: "g")),
                requestID: 2
            )
        )
        guard case .frame(let refusal) = try await connection.next() else {
            Issue.record("the connection closed without the refusal")
            return
        }
        #expect(refusal.requestID == 2)
        guard case .registerTMResponse(let response) = try refusal.message() else {
            Issue.record("not a RegisterTM answer: \(try refusal.message())")
            return
        }
        #expect(!response.identified)
        #expect(try await connection.next() == .closed)
    }

    @Test func framesSplitAcrossReadsOrSharingOneAreEachAnswered() async throws {
        let coordinator = try await RunningCoordinator.start("hostile-split")
        defer { Task { await coordinator.stop() } }
        let connection = try await registeredTM(coordinator)
        // One frame a byte at a time.
        for byte in Self.goodFrame {
            try await connection.send([byte])
        }
        guard case .frame(let first) = try await connection.next() else {
            Issue.record("no answer to the split frame")
            return
        }
        #expect(first.requestID == 7)
        #expect(
            try first.message() == .globalStatusResponse(GlobalEndResponse(result: .success, globalStatus: .finished))
        )
        // Three frames in one write.
        var three: [UInt8] = []
        for id: UInt32 in [11, 12, 13] {
            three += RawSeataConnection.bytes(
                of: .request(.globalStatus(GlobalEndRequest(xid: "127.0.0.1:8091:\(id)")), requestID: id)
            )
        }
        try await connection.send(three)
        var answered: Set<UInt32> = []
        for _ in 0..<3 {
            guard case .frame(let frame) = try await connection.next() else { break }
            answered.insert(frame.requestID)
        }
        #expect(answered == [11, 12, 13])
        await connection.close()
    }

    @Test func garbageFromOneClientWhileAnotherCompletesTransactions() async throws {
        let coordinator = try await RunningCoordinator.start("hostile-garbage")
        defer { Task { await coordinator.stop() } }
        let port = coordinator.harness.port
        let garbage = Task {
            var generator = SystemRandomNumberGenerator()
            var sent = 0
            while !Task.isCancelled, sent < 300 {
                guard let connection = try? await RawSeataConnection.connect(port: port) else { continue }
                var bytes = Self.goodFrame
                for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = .random(in: 0...255) }
                bytes += (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255) }
                try? await connection.send(bytes)
                await connection.close()
                sent += 1
            }
        }
        let good = try await registeredTM(coordinator)
        var id: UInt32 = 1
        for _ in 0..<200 { try await commitOne(on: good, id: &id) }
        garbage.cancel()
        _ = await garbage.value
        #expect(try await coordinator.harness.get("/health").status == 200)
        await good.close()
    }
}
