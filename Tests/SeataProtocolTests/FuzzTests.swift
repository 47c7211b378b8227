import NIOCore
import SeataProtocol
import Testing

/// The decoder meets random and corrupted input: it never crashes or loops.
///
/// Whatever it accepts re-encodes to the bytes it read. Seeded, so a failure reproduces.
struct FuzzTests {
    static let iterations = 100_000

    /// Frames to mutate: the golden and captured ones, and random valid ones.
    static let seeds: [[UInt8]] = {
        var seeds: [[UInt8]] = GoldenFile.all.compactMap { Hex.bytes($0.frameHex) }
        seeds += Capture.all.flatMap { $0.bytes.map(\.bytes) }
        var random = RandomMessages(seed: 3)
        for _ in 0..<200 {
            var bytes = ByteBuffer()
            random.frame().0.encode(into: &bytes)
            seeds.append(Array(bytes.readableBytesView))
        }
        return seeds
    }()

    @Test(.timeLimit(.minutes(2)))
    func decoderSurvivesRandomAndMutatedFrames() async throws {
        var generator = SeededGenerator(seed: 0x5EA7A)
        var accepted = 0
        var refused = 0
        for iteration in 0..<Self.iterations {
            // Seconds of CPU: give the cooperative pool back now and then, so the suites that
            // run beside this one (timers, servers) are not starved on a 2-core machine.
            if iteration % 1000 == 0 { await Task.yield() }
            let input = Self.input(iteration, &generator)
            let outcome = try Self.decodeAll(input)
            accepted += outcome.frames
            refused += outcome.refused ? 1 : 0
        }
        // Both sides of the decoder were exercised.
        #expect(accepted > Self.iterations / 4)
        #expect(refused > Self.iterations / 4)
    }

    /// Case `iteration`: a mutated seed frame, several frames back to back, or random bytes.
    static func input(_ iteration: Int, _ generator: inout SeededGenerator) -> [UInt8] {
        func seed() -> [UInt8] { seeds[Int.random(in: 0..<seeds.count, using: &generator)] }
        switch iteration % 10 {
        case 0:
            // Random bytes behind a valid magic and version, to get past the first checks.
            let count = Int.random(in: 0...64, using: &generator)
            return [0xDA, 0xDA, 1] + (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 1:
            return (0..<Int.random(in: 0...48, using: &generator))
                .map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 2:
            return seed() + seed() + seed()
        default:
            return mutate(seed(), &generator)
        }
    }

    static func mutate(_ frame: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var bytes = frame
        for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0: bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            case 1: bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 2: bytes.removeSubrange(index...)
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
            case 4: bytes.remove(at: index)
            case 5:
                // Push a length field (fullLength, headLength, or one inside the body) off by a little.
                let target = [3, 6, 7, 8, index].randomElement(using: &generator)!
                if target < bytes.count { bytes[target] &+= UInt8.random(in: 1...4, using: &generator) }
            default:
                // Fix up fullLength after the change, so that the body decoder sees the damage.
                if bytes.count >= 7, bytes.count <= Int(UInt32.max) {
                    let length = UInt32(bytes.count)
                    bytes[3] = UInt8(length >> 24)
                    bytes[4] = UInt8((length >> 16) & 0xFF)
                    bytes[5] = UInt8((length >> 8) & 0xFF)
                    bytes[6] = UInt8(length & 0xFF)
                }
            }
        }
        return bytes
    }

    /// Feeds `input` to a decoder as a channel would (with a final EOF), decoding each frame's
    /// message; checks that every accepted frame re-encodes to its own bytes.
    static func decodeAll(_ input: [UInt8]) throws -> (frames: Int, refused: Bool) {
        var decoder = SeataFrameDecoder()
        var buffer = ByteBuffer(bytes: input)
        var frames = 0
        do {
            var start = 0
            // Each round consumes a frame or ends: at most one round per byte, plus the last.
            for _ in 0...input.count {
                guard let frame = try decoder.decode(buffer: &buffer) else { break }
                frames += 1
                var reencoded = ByteBuffer()
                frame.encode(into: &reencoded)
                let consumed = input.count - buffer.readableBytes
                #expect(Array(reencoded.readableBytesView) == Array(input[start..<consumed]))
                if let message = try? frame.message(), !frame.messageType.isHeartbeat {
                    var body = ByteBuffer()
                    message.encode(into: &body)
                    #expect(body == frame.body)
                }
                start = consumed
            }
            _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true)
            return (frames, false)
        } catch {
            #expect(!error.description.isEmpty)
            return (frames, true)
        }
    }
}
