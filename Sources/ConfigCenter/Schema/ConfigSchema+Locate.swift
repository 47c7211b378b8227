import Foundation

/// Finding `schema.json` without SwiftPM resources, so a copied or moved binary still works.
extension ConfigSchema {
    /// The environment variable that names the schema file.
    public static let environmentVariable = "ZKCONFIG_SCHEMA"

    /// The path of the schema to use, or an error saying where it looked.
    ///
    /// In order: `explicitPath` (a `--schema` option); the `ZKCONFIG_SCHEMA` environment
    /// variable; `./Config/schema.json`; `Config/schema.json` in the running executable's folder
    /// or any folder above it (so `.build/debug/zkconfig` finds `<repo>/Config/schema.json`).
    /// An explicit path or variable that names a missing file is an error rather than a reason
    /// to look further.
    public static func locate(explicitPath: String?) throws(ConfigSchemaError) -> String {
        try locate(
            explicitPath: explicitPath,
            environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath,
            executablePath: currentExecutablePath()
        )
    }

    /// The path of the schema to use, looked for as `locate(explicitPath:)` does, in the given
    /// environment, working directory and executable path (for tests and embedding programs).
    public static func locate(
        explicitPath: String?,
        environment: [String: String],
        currentDirectory: String,
        executablePath: String?
    ) throws(ConfigSchemaError) -> String {
        let fileManager = FileManager.default
        if let explicitPath {
            guard fileManager.fileExists(atPath: explicitPath) else {
                throw ConfigSchemaError(source: explicitPath, message: "no schema file there (given with --schema)")
            }
            return explicitPath
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard fileManager.fileExists(atPath: fromEnvironment) else {
                throw ConfigSchemaError(
                    source: fromEnvironment,
                    message: "no schema file there (named by \(environmentVariable))"
                )
            }
            return fromEnvironment
        }
        var searched: [String] = []
        var candidates = [URL(fileURLWithPath: currentDirectory).appendingPathComponent("Config/schema.json")]
        if let executablePath {
            var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while true {
                candidates.append(folder.appendingPathComponent("Config/schema.json"))
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        for candidate in candidates {
            let path = candidate.standardizedFileURL.path
            if fileManager.fileExists(atPath: path) {
                return path
            }
            searched.append(path)
        }
        throw ConfigSchemaError(
            source: nil,
            message: "no schema.json found; looked at \(searched.joined(separator: ", ")); "
                + "pass --schema PATH or set \(environmentVariable)"
        )
    }

    /// The path of the running executable (`/proc/self/exe` on Linux), or nil when unknown.
    public static func currentExecutablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }
}
