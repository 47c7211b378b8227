import ConfigCenter
import Testing

@Suite struct PropertiesWriterTests {
    private func roundTrip(_ entries: [(key: String, value: String)], escapeNonASCII: Bool = false) throws -> Bool {
        let text = PropertiesWriter.write(entries, header: "round trip\nsecond line", escapeNonASCII: escapeNonASCII)
        let parsed = try PropertiesParser.parse(text, source: "written").entries
        return parsed.map(\.key) == entries.map(\.key) && parsed.map(\.value) == entries.map(\.value)
    }

    @Test func plainValuesAreWrittenAsIs() {
        let text = PropertiesWriter.write([
            (
                key: "store.db.url",
                value: "jdbc:mysql://127.0.0.1:3306/seata?useUnicode=true&rewriteBatchedStatements=true"
            ),
            (key: "server.maxCommitRetryTimeout", value: "-1"),
            (key: "store.publicKey", value: ""),
            (key: "name", value: "café"),
        ])
        #expect(
            text == """
                store.db.url=jdbc:mysql://127.0.0.1:3306/seata?useUnicode=true&rewriteBatchedStatements=true
                server.maxCommitRetryTimeout=-1
                store.publicKey=
                name=café

                """
        )
    }

    @Test func escapesWhatTheParserWouldOtherwiseChange() {
        #expect(PropertiesWriter.escapeKey("#a b=c:d\\e!") == "\\#a\\ b\\=c\\:d\\\\e!")
        #expect(PropertiesWriter.escapeKey("!x") == "\\!x")
        #expect(PropertiesWriter.escapeValue("  two spaces ") == "\\ \\ two spaces\\ ")
        #expect(PropertiesWriter.escapeValue("a\tb\nc\rd\u{0C}e\u{0}") == "a\\tb\\nc\\rd\\fe\\u0000")
        #expect(PropertiesWriter.escapeValue("é😀", escapeNonASCII: true) == "\\u00E9\\uD83D\\uDE00")
        #expect(PropertiesWriter.escapeValue("   ") == "\\ \\ \\ ")
    }

    @Test func headerLinesAreComments() throws {
        let text = PropertiesWriter.write([(key: "a", value: "b")], header: "line one\n\nline three \\")
        #expect(text == "# line one\n#\n# line three \\\na=b\n")
        #expect(try PropertiesParser.parse(text, source: "t").entries.map(\.key) == ["a"])
    }

    @Test func roundTripsAwkwardKeysAndValues() throws {
        let entries: [(key: String, value: String)] = [
            (key: "", value: ""),
            (key: "", value: "empty key"),
            (key: "#comment-like", value: "#value"),
            (key: "!bang", value: "!"),
            (key: " leading space key", value: " leading space value"),
            (key: "trailing ", value: "trailing "),
            (key: "sep=:", value: "=:= : ="),
            (key: "back\\slash\\", value: "ends with backslash\\"),
            (key: "multi\nline\r\nkey", value: "line1\nline2\r\nline3\r"),
            (key: "tab\tkey", value: "\ttab"),
            (key: "nul\u{0}", value: "\u{0}\u{1}\u{7F}\u{85}\u{2028}"),
            (key: "unicode é 😀", value: "日本語 😀 e\u{301}"),
            (key: "\\u0041", value: "\\uZZZZ not an escape"),
            (key: "a", value: "duplicate 1"),
            (key: "a", value: "duplicate 2"),
        ]
        #expect(try roundTrip(entries))
        #expect(try roundTrip(entries, escapeNonASCII: true))
    }

    @Test func escapingNonASCIIGivesASCII() {
        let text = PropertiesWriter.write([(key: "ключ", value: "значение 😀")], escapeNonASCII: true)
        let isASCII = text.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(isASCII)
    }

    @Test func writesConfigValuesSortedByKey() {
        let values = ConfigValues([
            "b": SourcedValue("2", origin: .schemaDefault),
            "a": SourcedValue("1", origin: .environment(variable: "A")),
        ])
        #expect(PropertiesWriter.write(values) == "a=1\nb=2\n")
    }
}
