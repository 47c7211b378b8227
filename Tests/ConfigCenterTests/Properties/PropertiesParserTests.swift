import ConfigCenter
import Foundation
import Testing

@Suite struct PropertiesParserTests {
    private func parse(_ text: String) throws -> PropertiesDocument {
        try PropertiesParser.parse(Array(text.utf8), source: "test.properties")
    }

    private func pairs(_ text: String) throws -> [String: String] {
        try parse(text).values().dictionary.mapValues(\.value)
    }

    @Test func separatorsAreEqualsColonOrWhitespace() throws {
        let values = try pairs("a=1\nb:2\nc 3\nd\t4\ne = 5\nf : 6\ng\n")
        #expect(values == ["a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": ""])
    }

    @Test func onlyTheFirstSeparatorSplits() throws {
        let values = try pairs("url=jdbc:mysql://h:3306/db?a=b&c=d\n")
        #expect(values["url"] == "jdbc:mysql://h:3306/db?a=b&c=d")
    }

    @Test func trailingWhitespaceIsKeptLeadingIsNot() throws {
        #expect(try pairs("a =   b  \n")["a"] == "b  ")
    }

    @Test func valuesBeginningWithDashAreValues() throws {
        #expect(try pairs("server.maxCommitRetryTimeout=-1\n")["server.maxCommitRetryTimeout"] == "-1")
    }

    @Test func continuationJoinsLinesAndDropsLeadingWhitespace() throws {
        #expect(try pairs("a=1,\\\n    2,\\\n\t3\n")["a"] == "1,2,3")
    }

    @Test func evenBackslashesDoNotContinue() throws {
        let values = try pairs("a=x\\\\\nb=y\n")
        #expect(values == ["a": "x\\", "b": "y"])
    }

    @Test func escapesAreDecoded() throws {
        let values = try pairs("a=\\t\\n\\r\\f\\\\\\q\\u00e9\\uD83D\\uDE00\n")
        #expect(values["a"] == "\t\n\r\u{0C}\\qé😀")
    }

    @Test func commentsStartOnlyALogicalLine() throws {
        let values = try pairs("# comment\n  ! comment\na=b # not a comment\nc=d\\\n#e\n")
        #expect(values == ["a": "b # not a comment", "c": "d#e"])
    }

    @Test func entriesRecordWhereTheyStart() throws {
        let document = try parse("# header\n\n  key = value\\\n    more\nnext=1\n")
        #expect(document.entries.map(\.line) == [3, 5])
        #expect(document.entries.map(\.column) == [3, 1])
        #expect(document.entries[0].value == "valuemore")
    }

    @Test func crlfAndByteOrderMarkAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a=1\r\nb=2\\\r\n  3\r\nc=4\r\n".utf8)
        let document = try PropertiesParser.parse(bytes, source: "crlf.properties")
        #expect(document.values().dictionary.mapValues(\.value) == ["a": "1", "b": "23", "c": "4"])
        #expect(document.entries.map(\.line) == [1, 2, 4])
    }

    @Test func lastDuplicateWinsWithAWarningNamingBothLines() throws {
        let document = try parse("a=1\nb=2\na=3\n")
        #expect(document.entries.count == 3)
        #expect(document.values()["a"] == SourcedValue("3", origin: .file(path: "test.properties", line: 3)))
        #expect(document.warnings.count == 1)
        #expect(document.warnings[0].line == 3)
        #expect(document.warnings[0].previousLine == 1)
        #expect(
            document.warnings[0].description
                == "test.properties:3: warning: duplicate key 'a' (also set on line 1); the value on line 3 wins"
        )
    }

    @Test func valuesCarryZNodeOriginsForTheSingleNodeLayout() throws {
        let values = try parse("\nstore.mode=file\n").values(znodePath: "/seata/seata.properties")
        #expect(values["store.mode"]?.origin == .znodeProperties(path: "/seata/seata.properties", line: 2))
        #expect(values["store.mode"]?.origin.description == "znode /seata/seata.properties:2")
    }

    @Test func invalidUTF8IsAnErrorWithLineAndColumn() throws {
        let bytes = Array("a=1\nkey=vé".utf8) + [0xFF] + Array("\n".utf8)
        let error = #expect(throws: PropertiesError.self) {
            try PropertiesParser.parse(bytes, source: "bad.txt")
        }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 2)
        #expect(error?.column == 7)
        #expect(
            error?.description.hasPrefix("bad.txt:2:7: invalid UTF-8 (byte 0xFF at offset 11); save the file as UTF-8")
                == true
        )
    }

    @Test func malformedUnicodeEscapeIsAnErrorAtTheBackslash() throws {
        let error = #expect(throws: PropertiesError.self) {
            try parse("ok=1\n  k = ab\\u12x\n")
        }
        #expect(error?.kind == .malformedUnicodeEscape)
        #expect(error?.line == 2)
        #expect(error?.column == 9)
        #expect(error?.message == "malformed \\uXXXX escape: '\\u12x' needs four hex digits after \\u")
    }

    @Test func unpairedSurrogateIsAnError() throws {
        let error = #expect(throws: PropertiesError.self) {
            try parse("a=x\\uD800y\n")
        }
        #expect(error?.kind == .unpairedSurrogate)
        #expect(error?.line == 1)
        #expect(error?.column == 4)
    }

    @Test func unreadableFileIsAnError() throws {
        let error = #expect(throws: PropertiesError.self) {
            try PropertiesParser.parse(contentsOfFile: "/nonexistent/config.txt")
        }
        #expect(error?.kind == .unreadable)
        #expect(
            error?.description.hasPrefix("/nonexistent/config.txt: no such file") == true,
            "\(String(describing: error))"
        )
        let folder = #expect(throws: PropertiesError.self) {
            try PropertiesParser.parse(contentsOfFile: NSTemporaryDirectory())
        }
        #expect(folder?.description.contains("is a directory") == true, "\(String(describing: folder))")
    }
}
