import ConfigCenter

/// The project's properties parser, for computing what a seed should have written.
enum PropertiesFile {
    static func entries(_ text: String) throws -> [(key: String, value: String)] {
        try PropertiesParser.parse(text, source: "expected").entries.map { (key: $0.key, value: $0.value) }
    }
}
