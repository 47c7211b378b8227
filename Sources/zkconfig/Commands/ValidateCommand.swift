public import ArgumentParser
import ConfigCenter
import Foundation

/// `zkconfig validate`: every problem of the stored configuration at once.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the stored configuration against the schema; print every problem.",
        discussion: """
            Exits 0 when valid (warnings and notes allowed), 78 when any error is found. Each \
            problem with a fix shows the zkconfig commands that apply it. With --layout node the \
            configuration checked is what Seata reads: the node's keys first, the per-key znodes \
            under --root for the keys it lacks; every key is listed with the znode it came from. \
            What is stored is checked: Seata-style environment overrides (STORE_MODE for \
            store.mode) are ignored, and those set in this shell are named on stderr.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Which side's keys are checked: server (the coordinator) or client.")
    var side: KeySide = .server

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            // What is stored is checked, not what this shell's environment would override.
            let loader = ConfigLoader(schema: context.schema, side: side, environment: [:])
            let loaded = try await context.withClient { client in
                let loaded = try await loader.load(from: client, layout: settings.layout)
                if loaded.stored?.isAbsent ?? false { try await MissingChrootError.check(client) }
                return loaded
            }
            let ignored = EnvironmentOverrides(environment: ProcessInfo.processInfo.environment)
                .values(for: Set(loaded.storedValues.keys).union(context.schema.keys.keys))
            if !ignored.isEmpty {
                let names = ignored.map { "\($0.value.origin) (\($0.key))" }.joined(separator: ", ")
                Console.message(
                    "note: checked what is stored; ignored here, but applied by a coordinator started with them: \(names)"
                )
            }
            let layout = settings.layout
            let whereMissing: @Sendable (String) -> String =
                switch layout {
                case .perKey: { "no znode \(layout.path(of: $0))" }
                case .singleNode(let path, let root):
                    { "not in node \(path), no znode \(ConfigLayout.path(of: $0, under: root))" }
                }
            var listing: ConfigListing?
            if case .singleNode(let path, let root) = layout {
                listing = ConfigListing(
                    title: "Effective keys (node \(path) first, then znodes under \(root))",
                    values: loaded.storedValues,
                    schema: context.schema
                )
            }
            Console.out(
                loaded.report.render(
                    format: settings.format,
                    context: ReportContext(
                        subject: settings.subject,
                        whereMissing: whereMissing,
                        fixCommand: settings.commandLine,
                        listing: listing
                    )
                )
            )
            return loaded.report.isValid ? .ok : .invalidConfig
        }
    }
}

extension KeySide: ExpressibleByArgument {}
