public import Foundation

/// Which schema a program uses: the one compiled into it, or a file that overrides it.
///
/// The default is `Config/schema.json` as it was at build time, embedded by the EmbedSchema
/// build-tool plugin, so a binary copied anywhere (an installed `zkconfig`, a container image)
/// validates with the schema it was built with and needs no file beside it. An operator who
/// extends the schema passes the edited copy with `--schema FILE` or `ZKCONFIG_SCHEMA`.
extension ConfigSchema {
    /// The environment variable that names a schema file to use instead of the built-in one.
    public static let environmentVariable = "ZKCONFIG_SCHEMA"

    /// What `source` says of the copy compiled in.
    public static let builtInSource = "built-in"

    private static let builtInResult: Result<ConfigSchema, ConfigSchemaError> = {
        do throws(ConfigSchemaError) {
            return .success(try ConfigSchema(jsonData: Data(embeddedSchemaJSON.utf8), source: builtInSource))
        } catch {
            return .failure(error)
        }
    }()

    /// The schema compiled into this binary from `Config/schema.json`.
    ///
    /// - Throws: `ConfigSchemaError` when the file that was embedded is not a valid schema (the
    ///   tests load it, so a release never has that).
    public static func builtIn() throws(ConfigSchemaError) -> ConfigSchema {
        try builtInResult.get()
    }

    /// The schema to use: `explicitPath` (a `--schema` option) if given, else the file named by
    /// `ZKCONFIG_SCHEMA` if set, else the built-in one.
    ///
    /// A path that names a missing or invalid file is an error, never a reason to fall back:
    /// an operator who points at a schema means that schema.
    public static func load(
        explicitPath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigSchemaError) -> ConfigSchema {
        if let explicitPath {
            guard FileManager.default.fileExists(atPath: explicitPath) else {
                throw ConfigSchemaError(source: explicitPath, message: "no schema file there (given with --schema)")
            }
            return try load(from: explicitPath)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard FileManager.default.fileExists(atPath: fromEnvironment) else {
                throw ConfigSchemaError(
                    source: fromEnvironment,
                    message: "no schema file there (named by \(environmentVariable))"
                )
            }
            return try load(from: fromEnvironment)
        }
        return try builtIn()
    }

    /// `schema 3 (Apache Seata 2.x …), built-in` or `schema 3 (…) from /etc/seata/schema.json`,
    /// for `--version` and logs.
    public var versionLine: String {
        var line = "schema " + (version ?? "(unversioned)")
        if let describes { line += " (\(describes))" }
        if let source { line += source == Self.builtInSource ? ", built-in" : " from \(source)" }
        return line
    }
}
