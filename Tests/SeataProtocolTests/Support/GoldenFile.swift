import Foundation
import NIOCore
import Testing

/// One reference encoding from `golden/*.txt`, produced by Seata's own encoder.
struct GoldenFile: Sendable, CustomTestStringConvertible {
    /// The file's name (`01_GlobalBeginRequest.txt`).
    let name: String
    /// `rpc:` values: id, messageType, codec, compressor (the head map is checked where it matters).
    let requestID: UInt32
    let messageType: UInt8
    let codec: UInt8
    let compressor: UInt8
    /// `fields:` as key and raw value, in order, up to the first text that is not `key=value`.
    let fields: [(key: String, value: String)]
    /// `typeCode:`.
    let typeCode: UInt16
    /// `frame_hex:` and `body_hex:`.
    let frameHex: String
    let bodyHex: String

    var testDescription: String { name }

    /// Every golden file, sorted by name; empty when the fixtures are absent.
    static let all: [GoldenFile] = {
        guard let directory = ProtocolFixtures.directory?.appendingPathComponent("golden") else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") && $0 != "INDEX.txt" }.sorted()
            .map { name in
                let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
                return GoldenFile(name: name, text: text)
            }
    }()

    /// The golden file whose name starts with `prefix` (`"30_"`).
    static func named(_ prefix: String) -> GoldenFile? {
        all.first { $0.name.hasPrefix(prefix) }
    }

    private init(name: String, text: String) {
        self.name = name
        var lines: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            guard lines[key] == nil else { continue }
            lines[key] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let rpc = Self.keyValues(lines["rpc"] ?? "")
        func number(_ key: String) -> Int {
            let raw = rpc.first { $0.key == key }?.value ?? ""
            return Int(raw.prefix { $0.isNumber }) ?? -1
        }
        requestID = UInt32(number("id"))
        messageType = UInt8(number("messageType"))
        codec = UInt8(number("codec"))
        compressor = UInt8(number("compressor"))
        fields = Self.keyValues(lines["fields"] ?? "")
        typeCode = UInt16(lines["typeCode"] ?? "") ?? 0
        frameHex = lines["frame_hex"] ?? ""
        bodyHex = lines["body_hex"] ?? ""
    }

    /// Splits `a=1 b='x y' c=Committed(9) (a note)` into [(a, 1), (b, x y), (c, Committed(9))].
    ///
    /// Stops at the first word that is not `key=`. Quoted values lose their quotes and have `\n`
    /// unescaped.
    static func keyValues(_ text: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "="),
                !rest[..<equals].isEmpty,
                rest[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else { break }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            var value: String
            if rest.first == "'", let close = rest.dropFirst().firstIndex(of: "'") {
                value = String(rest[rest.index(after: rest.startIndex)..<close])
                value = value.replacingOccurrences(of: "\\n", with: "\n")
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: " ") ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
            }
            result.append((key, value))
        }
        return result
    }
}
