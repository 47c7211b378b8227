import NIOCore
import NIOEmbedded
import SeataProtocol
import Testing

/// The decoder and encoder in a real pipeline: frames split across reads, several in one read,
/// errors surfacing through the channel.
struct ChannelTests {
    /// A few hundred frames of every kind, valid, with their bytes back to back.
    static let stream: (frames: [SeataFrame], bytes: [UInt8]) = {
        var random = RandomMessages(seed: 11)
        var frames: [SeataFrame] = []
        var bytes = ByteBuffer()
        for golden in GoldenFile.all {
            frames.append(try! SeataFrame(decoding: Hex.buffer(golden.frameHex)))
        }
        for _ in 0..<300 {
            frames.append(random.frame().0)
        }
        for frame in frames {
            frame.encode(into: &bytes)
        }
        return (frames, Array(bytes.readableBytesView))
    }()

    static func decodingChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SeataFrameDecoder()))
        return channel
    }

    static func readFrames(_ channel: EmbeddedChannel) throws -> [SeataFrame] {
        var frames: [SeataFrame] = []
        while let frame = try channel.readInbound(as: SeataFrame.self) {
            frames.append(frame)
        }
        return frames
    }

    @Test func framesArrivingByteByByteComeOutWhole() throws {
        let channel = try Self.decodingChannel()
        var frames: [SeataFrame] = []
        for byte in Self.stream.bytes {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
            frames += try Self.readFrames(channel)
        }
        #expect(frames == Self.stream.frames)
        #expect(try channel.finish().isClean)
    }

    @Test func framesInOneReadComeOutOneByOne() throws {
        let channel = try Self.decodingChannel()
        try channel.writeInbound(ByteBuffer(bytes: Self.stream.bytes))
        #expect(try Self.readFrames(channel) == Self.stream.frames)
        #expect(try channel.finish().isClean)
    }

    @Test func framesInRandomChunksComeOutWhole() throws {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<5 {
            let channel = try Self.decodingChannel()
            var rest = Self.stream.bytes[...]
            var frames: [SeataFrame] = []
            while !rest.isEmpty {
                let size = min(rest.count, Int.random(in: 1...300, using: &generator))
                try channel.writeInbound(ByteBuffer(bytes: rest.prefix(size)))
                rest = rest.dropFirst(size)
                frames += try Self.readFrames(channel)
            }
            #expect(frames == Self.stream.frames)
            #expect(try channel.finish().isClean)
        }
    }

    @Test func garbageSurfacesAsATypedErrorAfterTheGoodFrames() throws {
        let channel = try Self.decodingChannel()
        let good = Array(Self.stream.bytes.prefix(Self.stream.frames[0].encodedLength))
        #expect(throws: SeataProtocolError(.wrongMagic(first: 0x47, second: 0x45))) {
            try channel.writeInbound(ByteBuffer(bytes: good + Array("GET / HTTP/1.1\r\n".utf8)))
        }
        #expect(try Self.readFrames(channel) == [Self.stream.frames[0]])
        _ = try? channel.finish()
    }

    @Test func closingInsideAFrameIsATruncatedFrame() throws {
        let channel = try Self.decodingChannel()
        try channel.writeInbound(ByteBuffer(bytes: Self.stream.bytes.prefix(20)))
        let length = Self.stream.frames[0].encodedLength
        #expect(throws: SeataProtocolError(.truncatedFrame(expected: length, available: 20))) {
            _ = try channel.finish()
        }
    }

    @Test func smallerMaximumIsHonoured() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SeataFrameDecoder(maximumFrameLength: 64)))
        var big = ByteBuffer()
        SeataFrame.request(
            .globalBegin(GlobalBeginRequest(timeout: 1, transactionName: String(repeating: "x", count: 60))),
            requestID: 1
        )
        .encode(into: &big)
        #expect(throws: SeataProtocolError(.frameTooLong(fullLength: 84, maximum: 64), requestID: 1)) {
            try channel.writeInbound(big)
        }
        _ = try? channel.finish()
    }

    @Test func encoderWritesTheFrameBytes() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(SeataFrameEncoder()))
        for frame in Self.stream.frames.prefix(50) {
            try channel.writeOutbound(frame)
            let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
            #expect(try SeataFrame(decoding: written) == frame)
            var expected = ByteBuffer()
            frame.encode(into: &expected)
            #expect(written == expected)
        }
        #expect(try channel.finish().isClean)
    }
}
