import ConfigCenter
import Foundation
import Testing

/// Random input never crashes the parser, and whatever it accepts the writer reproduces exactly.
///
/// Seeded, so a failure replays; the failing input is printed in the expectation. The loops
/// yield now and then: tests run in parallel on the few threads of Swift's cooperative pool
/// (two on a two-core machine), and a loop that never suspends holds one for seconds, so
/// other tests' timers (connect timeouts, watch waits) fire late.
@Suite struct PropertiesFuzzTests {
    /// Bytes that matter to the grammar, weighted in so random input reaches the interesting states.
    private static let interesting: [UInt8] =
        Array("=: \t\u{0C}\n\r\\#!u0aF".utf8) + [0xC3, 0xA9, 0xFF, 0xED, 0xF0, 0x9F]

    private static func randomBytes(_ generator: inout SeededGenerator) -> [UInt8] {
        let length = Int.random(in: 0...64, using: &generator)
        return (0..<length)
            .map { _ in
                Bool.random(using: &generator)
                    ? interesting.randomElement(using: &generator)!
                    : UInt8.random(in: 0...255, using: &generator)
            }
    }

    /// Parses; when it succeeds, checks parse(write(entries)) == entries.
    private static func check(_ bytes: [UInt8]) -> Bool {
        guard let document = try? PropertiesParser.parse(bytes, source: "fuzz") else {
            return true  // a PropertiesError is a fine answer; not crashing is the point
        }
        let entries = document.entries.map { (key: $0.key, value: $0.value) }
        for escapeNonASCII in [false, true] {
            let text = PropertiesWriter.write(entries, escapeNonASCII: escapeNonASCII)
            guard let reparsed = try? PropertiesParser.parse(text, source: "rewritten") else {
                return false
            }
            guard reparsed.entries.map(\.key) == entries.map(\.key),
                reparsed.entries.map(\.value) == entries.map(\.value)
            else {
                return false
            }
        }
        return true
    }

    @Test func randomBytesNeverCrashAndRoundTrip() async {
        var generator = SeededGenerator(seed: 20_000)
        for round in 0..<20_000 {
            if round % 500 == 0 { await Task.yield() }
            let bytes = Self.randomBytes(&generator)
            #expect(Self.check(bytes), "\(bytes)")
        }
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func mutationsOfTheSeataFixtureNeverCrash() async throws {
        let original = try TestPaths.bytes(TestPaths.seataFixture)
        var generator = SeededGenerator(seed: 126)
        for round in 0..<1_000 {
            if round % 20 == 0 { await Task.yield() }
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = Self.interesting.randomElement(using: &generator)!
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                default: bytes.removeSubrange(position..<min(bytes.count, position + 16))
                }
                if bytes.isEmpty { bytes = [0x3D] }
            }
            #expect(Self.check(bytes), "\(bytes)")
        }
    }

    @Test func randomEntriesRoundTripThroughTheWriter() async throws {
        var generator = SeededGenerator(seed: 7)
        let pool: [Unicode.Scalar] = [
            "a", "Z", "=", ":", " ", "\t", "\u{0C}", "\n", "\r", "\\", "#", "!", "u", "é", "😀", "\u{0}", "\u{7F}",
            "\u{2028}", "\u{FEFF}",
        ]
        func randomString() -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                if Int.random(in: 0..<4, using: &generator) == 0 {
                    scalars.append(Unicode.Scalar(UInt32.random(in: 0x20...0xD7FF, using: &generator))!)
                } else {
                    scalars.append(pool.randomElement(using: &generator)!)
                }
            }
            return String(scalars)
        }
        for round in 0..<2_000 {
            if round % 100 == 0 { await Task.yield() }
            let entries = (0..<Int.random(in: 1...5, using: &generator))
                .map { _ in
                    (key: randomString(), value: randomString())
                }
            let text = PropertiesWriter.write(entries, escapeNonASCII: Bool.random(using: &generator))
            let parsed = try PropertiesParser.parse(text, source: "written").entries
            #expect(parsed.map(\.key) == entries.map(\.key), "\(entries)")
            #expect(parsed.map(\.value) == entries.map(\.value), "\(entries)")
        }
    }
}
