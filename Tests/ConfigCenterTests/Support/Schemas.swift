import ConfigCenter
import Foundation

/// The repository's schema, loaded once per test.
enum Schemas {
    static func repository() throws -> ConfigSchema {
        try ConfigSchema.load(from: TestPaths.schema.path)
    }

    /// A schema from JSON text, for tests of loading errors.
    static func fromJSON(_ json: String) throws(ConfigSchemaError) -> ConfigSchema {
        try ConfigSchema(jsonData: Data(json.utf8), source: "test-schema.json")
    }
}

extension ConfigValues {
    /// Values from `key: value` pairs, each with a file origin on consecutive lines.
    static func lines(_ pairs: KeyValuePairs<String, String>, file: String = "test.txt") -> ConfigValues {
        var values = ConfigValues()
        for (index, pair) in pairs.enumerated() {
            values[pair.key] = SourcedValue(pair.value, origin: .file(path: file, line: index + 1))
        }
        return values
    }
}
