import ConfigCenter
import Foundation
import Testing

/// Reading seed inputs: properties and JSON, and refusing what cannot be stored.
@Suite struct SeedInputTests {
    @Test func duplicateKeysKeepTheirFirstPlaceAndLastValue() throws {
        let input = try SeedInput.parse(Array("a=1\nb=2\na=3\n".utf8), source: "f", format: .properties)
        #expect(input.entries.map(\.key) == ["a", "b"])
        #expect(input.entries.map(\.value) == ["3", "2"])
        #expect(input.warnings.count == 1)
    }

    @Test func everyInvalidKeyIsReportedWithItsPlace() {
        let text = "ok=1\na/b=2\n  has\\ space=3\n"
        let error = #expect(throws: SeedInputError.self) {
            try SeedInput.parse(Array(text.utf8), source: "f.txt", format: .properties)
        }
        #expect(error?.problems.count == 2)
        #expect(error?.problems[0].description.hasPrefix("f.txt:2:1: key 'a/b' contains '/'") == true)
        #expect(error?.problems[1].description.hasPrefix("f.txt:3:3: key 'has space' contains whitespace") == true)
    }

    @Test func parseErrorsNameLineAndColumn() {
        let error = #expect(throws: SeedInputError.self) {
            try SeedInput.parse(Array("a=1\nb=\\uZZ\n".utf8), source: "f.txt", format: .properties)
        }
        #expect(error?.description.hasPrefix("f.txt:2:") == true)
    }

    @Test func jsonObjectsOfStringsAreInputs() throws {
        let input = try SeedInput.parse(Array(#"{"b": "2", "a": "x=y&z"}"#.utf8), source: "f.json", format: .json)
        #expect(input.entries.map(\.key) == ["b", "a"], "in the file's order")
        #expect(input.entries.map(\.value) == ["2", "x=y&z"])
        #expect(throws: SeedInputError.self) {
            try SeedInput.parse(Array(#"{"a": 1}"#.utf8), source: "f.json", format: .json)
        }
        #expect(SeedInputFormat.detect(path: "x.JSON", bytes: []) == .json)
        #expect(SeedInputFormat.detect(path: "-", bytes: Array(" {".utf8)) == .json)
        #expect(SeedInputFormat.detect(path: "config.txt", bytes: Array("{".utf8)) == .properties)
    }

    @Test func jsonErrorsNameLineAndColumn() {
        let cases: [(String, String)] = [
            ("{\n  \"a\": \"1\",\n  \"b\" \"2\"\n}", "f.json:3:7: not valid JSON: expected ':' after the key"),
            ("{\"a\": \"1\"", "f.json:1:10: not valid JSON: the object is not closed"),
            ("{\"a\": \"x\u{01}\"}", "f.json:1:9: not valid JSON: a control character in a string must be escaped"),
            ("[\"a\"]", "f.json:1:1: not valid JSON: expected a JSON object"),
            ("{\"a\": \"1\"} x", "f.json:1:12: not valid JSON: unexpected text after the object"),
            ("{\"a\": \"\\q\"}", "f.json:1:8: not valid JSON: unknown escape '\\q'"),
            ("{\n\"ü\": \"1\",\n \"b\": tru}", "f.json:3:7: not valid JSON: expected a value"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: SeedInputError.self, "\(text)") {
                try SeedInput.parse(Array(text.utf8), source: "f.json", format: .json)
            }
            #expect(error?.description.hasPrefix(expected) == true, "\(text): \(String(describing: error))")
        }
        let nested = #expect(throws: SeedInputError.self) {
            try SeedInput.parse(
                Array("{\"a\": \"1\",\n \"b\": {\"c\": [1, true]}}".utf8),
                source: "f.json",
                format: .json
            )
        }
        #expect(
            nested?.description == "f.json:2:2: the value of 'b' is an object, not a string; write it in double quotes"
        )
    }

    @Test func jsonEscapesAndDuplicatesReadAsPropertiesDo() throws {
        let text = #"{"a": "x\"\\\/\n\u00fc\ud83d\ude42", "b": "2", "a": "3"}"#
        let input = try SeedInput.parse(Array(text.utf8), source: "f.json", format: .json)
        #expect(input.entries.map(\.key) == ["a", "b"])
        #expect(input.entries.map(\.value) == ["3", "2"])
        #expect(
            input.warnings == ["f.json:1: warning: duplicate key 'a' (also set on line 1); the value on line 1 wins"]
        )
        let escaped = try SeedInput.parse(
            Array(#"{"a": "x\"\\\/\n\u00fc\ud83d\ude42"}"#.utf8),
            source: "f",
            format: .json
        )
        #expect(escaped.entries.first?.value == "x\"\\/\nü🙂")
    }

    @Test func aDirectoryIsNamedAsOne() {
        let error = #expect(throws: SeedInputError.self) { try SeedInput.load(path: NSTemporaryDirectory()) }
        #expect(error?.description.contains("is a directory") == true)
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func seataFixtureHas126Keys() throws {
        let input = try SeedInput.load(path: TestPaths.seataFixture.path)
        #expect(input.entries.count == 126)
        #expect(input.entries.first { $0.key == "server.maxCommitRetryTimeout" }?.value == "-1")
    }

    @Test func exportRoundTripsThroughAnInput() throws {
        let schema = try Schemas.repository()
        var keys: [String: StoredConfig.Entry] = [:]
        let values = ["a": " lead", "b": "x=y&z\nnext", "c": "ü-€", "store.db.password": "pw"]
        for (key, value) in values {
            keys[key] = .init(path: "/r/\(key)", bytes: Array(value.utf8), stat: .init())
        }
        let export = try ConfigExport(stored: StoredConfig(layout: .perKey(root: "/r"), baseStat: .init(), keys: keys))
        for format in [ReportFormat.text, .json] {
            let text = export.render(format: format, schema: schema, includeSecrets: true, header: "h")
            let input = try SeedInput.parse(
                Array(text.utf8),
                source: "x",
                format: format == .json ? .json : .properties
            )
            #expect(Dictionary(uniqueKeysWithValues: input.entries.map { ($0.key, $0.value) }) == values)
            let redacted = export.render(format: format, schema: schema)
            #expect(!redacted.contains("pw"))
        }
    }
}
