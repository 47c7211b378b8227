import Foundation
import PackagePlugin

/// Compiles `Config/schema.json` into the target it is applied to, as a Swift string, so the
/// executables carry their default schema inside the binary: a copied or installed binary
/// needs no file beside it.
///
/// The command runs again whenever the JSON changes (it is the command's input), so an edit of
/// the schema is in the next build. `/bin/sh` does the work: no tool to compile first.
@main
struct EmbedSchema: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let package = context.package.directoryURL
        let schema = package.appending(path: "Config/schema.json")
        let script = package.appending(path: "Plugins/EmbedSchema/embed-schema.sh")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSchemaJSON.swift")
        return [
            .buildCommand(
                displayName: "Embedding Config/schema.json in \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, schema.path, output.path],
                inputFiles: [schema, script],
                outputFiles: [output]
            )
        ]
    }
}
