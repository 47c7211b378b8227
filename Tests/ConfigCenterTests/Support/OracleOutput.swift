import ConfigCenter
import Foundation
import ZooKeeperTestSupport

/// What the Java oracle (`Tools/properties-oracle`) says about one properties file: the final
/// key-value pairs, or the kind of error.
enum OracleOutput: Equatable, CustomStringConvertible {
    case values([String: String])
    case error(String)

    /// Reads the oracle's JSON-lines output.
    init(jsonLines text: String) throws {
        struct Line: Decodable {
            var key: String?
            var value: String?
            var error: String?
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            let decoded = try JSONDecoder().decode(Line.self, from: Data(line.utf8))
            if let error = decoded.error {
                self = .error(error)
                return
            }
            values[decoded.key!] = decoded.value!
        }
        self = .values(values)
    }

    /// What our parser makes of the same bytes, in the same terms.
    init(parsing bytes: [UInt8]) {
        do {
            let document = try PropertiesParser.parse(bytes, source: "input")
            self = .values(document.values().dictionary.mapValues(\.value))
        } catch {
            switch error.kind {
            case .invalidUTF8: self = .error("invalid-utf8")
            case .malformedUnicodeEscape: self = .error("malformed-unicode-escape")
            case .unpairedSurrogate: self = .error("unpaired-surrogate")
            case .unreadable: self = .error("unreadable")
            }
        }
    }

    var description: String {
        switch self {
        case .error(let kind): "error \(kind)"
        case .values(let values):
            values.sorted { $0.key < $1.key }.map { "\($0.key.debugDescription)=\($0.value.debugDescription)" }
                .joined(separator: ", ")
        }
    }
}

/// Runs the Java oracle over files, writing NAME.expected into `outputDirectory`.
enum Oracle {
    /// Whether a JDK is on PATH: `java` runs the oracle's source file only with the compiler a
    /// JDK brings (`javac` beside it); a runtime alone, enough for ZooKeeper, cannot.
    static var isAvailable: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        func onPath(_ tool: String) -> Bool {
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
        }
        return onPath("java") && onPath("javac")
    }

    /// Awaits the JVM without blocking a thread: `waitUntilExit()` would hold one of the
    /// cooperative pool's few threads for the seconds Java takes, stalling other tests.
    static func run(files: [URL], outputDirectory: URL) async throws {
        let result = try await ProcessRunner.run(
            "/usr/bin/env",
            ["java", TestPaths.oracle.path, "--out", outputDirectory.path] + files.map(\.path)
        )
        guard result.status == 0 else {
            throw OracleFailure(status: result.status)
        }
    }

    struct OracleFailure: Error {
        var status: Int32
    }
}
