import Foundation
import PackagePlugin

/// Compiles the console's web page (`Console/`: HTML, CSS, JavaScript, the OpenAPI description)
/// into the target it is applied to, as Swift strings, so the coordinator serves its page from the
/// binary alone: an installed or copied binary needs no file beside it, and nothing is fetched or
/// built at build time (the files are committed as they are served).
///
/// Every file of the folder is an input of the command, so an edit is in the next build; the
/// folder is listed again whenever the plugin runs, so a new file is too.
@main
struct EmbedConsole: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let package = context.package.directoryURL
        let folder = package.appending(path: "Console")
        let script = package.appending(path: "Plugins/EmbedConsole/embed-console.sh")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedConsoleFiles.swift")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
        let files = names.map { folder.appending(path: $0) }
        return [
            .buildCommand(
                displayName: "Embedding the console page (Console/) in \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, output.path] + files.map(\.path),
                inputFiles: files + [script],
                outputFiles: [output]
            )
        ]
    }
}
