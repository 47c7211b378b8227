import ConfigCenter
import Foundation
import Testing

/// Compares the parser with `java.util.Properties` over the committed corpus of tricky inputs.
///
/// `Corpus/properties/NAME.properties` is the input; `NAME.expected` is what the JDK made of it,
/// written by `Tools/properties-oracle/regenerate.sh`. When a JDK is on PATH (this machine and CI
/// have one beside ZooKeeper's runtime), the oracle also runs live over the corpus and over
/// random inputs; without one those two tests are skipped and the committed expectations still count.
@Suite struct PropertiesCorpusTests {
    static func corpusFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: TestPaths.propertiesCorpus, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "properties" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func corpusIsThere() throws {
        #expect(try Self.corpusFiles().count >= 40)
    }

    @Test func parserAgreesWithCommittedJavaExpectations() throws {
        for file in try Self.corpusFiles() {
            let expectedURL = file.deletingPathExtension().appendingPathExtension("expected")
            let expected = try OracleOutput(
                jsonLines: String(decoding: try Data(contentsOf: expectedURL), as: UTF8.self)
            )
            let actual = OracleOutput(parsing: try TestPaths.bytes(file))
            #expect(actual == expected, "\(file.lastPathComponent)")
        }
    }

    @Test(.enabled(if: Oracle.isAvailable, "needs a JDK (java and javac) on PATH"))
    func committedExpectationsMatchLiveJava() async throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let files = try Self.corpusFiles()
        try await Oracle.run(files: files, outputDirectory: output)
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent + ".expected"
            let live = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            let committed = try String(
                contentsOf: TestPaths.propertiesCorpus.appendingPathComponent(name),
                encoding: .utf8
            )
            #expect(live == committed, "\(name): regenerate with Tools/properties-oracle/regenerate.sh")
        }
    }

    /// Random texts over the characters that matter to the grammar, checked against live Java.
    @Test(.enabled(if: Oracle.isAvailable, "needs a JDK (java and javac) on PATH"))
    func parserAgreesWithLiveJavaOnRandomInputs() async throws {
        let alphabet: [String] = [
            "a", "b", "k", "=", ":", " ", "\t", "\u{0C}", "\n", "\r", "\r\n", "\\", "\\", "#", "!", "u", "0",
            "D", "é", "😀", "\\u0041", "\\uD83D\\uDE00", "\\n",
        ]
        var generator = SeededGenerator(seed: 0x5EA7A)
        let input = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        var files: [URL] = []
        for index in 0..<500 {
            if index % 50 == 0 { await Task.yield() }
            let length = Int.random(in: 0...40, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let file = input.appendingPathComponent("random-\(index).properties")
            try Data(text.utf8).write(to: file)
            files.append(file)
        }
        try await Oracle.run(files: files, outputDirectory: input)
        for file in files {
            let expectedURL = file.deletingPathExtension().appendingPathExtension("expected")
            let expected = try OracleOutput(
                jsonLines: String(decoding: try Data(contentsOf: expectedURL), as: UTF8.self)
            )
            let bytes = try TestPaths.bytes(file)
            let actual = OracleOutput(parsing: bytes)
            #expect(actual == expected, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "properties-oracle-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
