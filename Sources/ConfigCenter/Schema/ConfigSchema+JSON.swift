public import Foundation

/// Reading the schema file (`Config/schema.json`; its format is described in `Config/SCHEMA.md`).
extension ConfigSchema {
    /// Reads a schema from the JSON file at `path`.
    public static func load(from path: String) throws(ConfigSchemaError) -> ConfigSchema {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigSchemaError(source: path, message: "cannot read the schema (\(error.localizedDescription))")
        }
        return try ConfigSchema(jsonData: data, source: path)
    }

    /// Reads a schema from JSON; `source` names it in errors.
    public init(jsonData: Data, source: String = "schema.json") throws(ConfigSchemaError) {
        let file: SchemaFile
        do {
            file = try JSONDecoder().decode(SchemaFile.self, from: jsonData)
        } catch let error as DecodingError {
            throw ConfigSchemaError(source: source, message: Self.describe(error))
        } catch {
            throw ConfigSchemaError(source: source, message: "not a schema: \(error)")
        }
        var properties: [KeySpec] = []
        for property in file.properties {
            if let unknownItems = property.unknownItems, !["error", "warning"].contains(unknownItems) {
                throw ConfigSchemaError(
                    source: source,
                    message:
                        "property \(property.name): unknownItems must be \"error\" or \"warning\", not \"\(unknownItems)\""
                )
            }
            if let separator = property.separator, separator.isEmpty {
                throw ConfigSchemaError(source: source, message: "property \(property.name): separator is empty")
            }
            guard let type = ValueType(rawValue: property.type) else {
                let known = ValueType.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigSchemaError(
                    source: source,
                    message: "property \(property.name): unknown type \"\(property.type)\" (known: \(known))"
                )
            }
            properties.append(
                KeySpec(
                    name: property.name,
                    type: type,
                    defaultValue: property.defaultValue?.text,
                    allowedValues: property.values,
                    min: property.min,
                    max: property.max,
                    description: property.description ?? "",
                    isSecret: property.secret ?? false,
                    side: property.side ?? .both,
                    required: property.required ?? false,
                    restartRequired: property.restartRequired ?? false,
                    caseSensitive: property.caseSensitive ?? false,
                    itemSeparators: property.separator ?? ",",
                    unknownItemsAreWarnings: property.unknownItems == "warning",
                    noEffect: property.noEffect,
                    defaultFrom: property.defaultFrom
                )
            )
        }
        let requirements = (file.requirements ?? [])
            .map { entry in
                ConditionalRequirement(
                    when: entry.when.map { ConditionalRequirement.Condition(key: $0.key, value: $0.value) },
                    require: entry.require
                )
            }
        let renamed = (file.renamed ?? [])
            .map {
                RenamedKey(
                    name: $0.name,
                    replacement: $0.replacement,
                    reason: $0.reason ?? "",
                    migrates: $0.migrate ?? false
                )
            }
        try self.init(
            properties: properties,
            requirements: requirements,
            renamed: renamed,
            version: file.version,
            describes: file.describes,
            source: source
        )
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "invalid JSON at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The JSON shape of `schema.json`, modelled on Spring Boot's configuration metadata.
private struct SchemaFile: Decodable {
    struct Property: Decodable {
        var name: String
        var type: String
        var description: String?
        var defaultValue: Scalar?
        var values: [String]?
        var min: Int64?
        var max: Int64?
        var secret: Bool?
        var side: KeySide?
        var required: Bool?
        var restartRequired: Bool?
        var caseSensitive: Bool?
        var separator: String?
        var unknownItems: String?
        var noEffect: String?
        var defaultFrom: String?
    }

    struct Requirement: Decodable {
        var when: [String: String]
        var require: [String]
    }

    struct Renamed: Decodable {
        var name: String
        var replacement: String?
        var reason: String?
        var migrate: Bool?
    }

    /// A default written as a JSON string, number or boolean, as Spring Boot's metadata allows.
    struct Scalar: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let integer = try? container.decode(Int64.self) {
                text = String(integer)
            } else {
                text = String(try container.decode(Double.self))
            }
        }
    }

    var version: String?
    var describes: String?
    var properties: [Property]
    var requirements: [Requirement]?
    var renamed: [Renamed]?
}
