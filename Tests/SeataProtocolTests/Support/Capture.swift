import Foundation
import NIOCore
import Testing

/// The lines of `captures/*.log`: what real clients sent to a logging listener.
struct Capture: Sendable, CustomTestStringConvertible {
    /// Bytes from one line: `RECV` (a client's read; authoritative), `SEND` or `PUSH` (the listener's
    /// canned frames).
    struct Bytes: Sendable {
        let kind: String
        let line: Int
        let bytes: [UInt8]
    }

    /// A `FRAME` line: the listener's reading of the client frame before it.
    struct FrameLine: Sendable {
        let line: Int
        let fields: [String: String]
    }

    let name: String
    let bytes: [Bytes]
    let frameLines: [FrameLine]

    var testDescription: String { name }

    /// Every capture, sorted by name; empty when the fixtures are absent.
    static let all: [Capture] = {
        guard let directory = ProtocolFixtures.directory?.appendingPathComponent("captures") else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".log") }.sorted()
            .map { name in
                let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
                return Capture(name: name, text: text)
            }
    }()

    private init(name: String, text: String) {
        self.name = name
        var bytes: [Bytes] = []
        var frameLines: [FrameLine] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let words = line.split(separator: " ")
            guard let kind = words.first else { continue }
            switch kind {
            case "RECV", "SEND", "PUSH":
                // RECV peer N bytes: HEX · SEND peer HEX · PUSH Name HEX
                if let hex = words.last, let decoded = Hex.bytes(hex) {
                    bytes.append(Bytes(kind: String(kind), line: index + 1, bytes: decoded))
                }
            case "FRAME":
                var fields: [String: String] = [:]
                for word in words.dropFirst(2) {
                    let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
                }
                frameLines.append(FrameLine(line: index + 1, fields: fields))
            default:
                continue
            }
        }
        self.bytes = bytes
        self.frameLines = frameLines
    }
}
