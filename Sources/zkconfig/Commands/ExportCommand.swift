import ArgumentParser
import ConfigCenter

/// `zkconfig export`: the stored configuration as a file seed reads back.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the stored configuration as properties (or JSON with --format json).",
        discussion: """
            Keys are sorted. Secrets are <redacted> unless --include-secrets; seeding an export \
            that holds <redacted> never writes the placeholder (those keys are skipped), so \
            `zkconfig export > f && zkconfig seed --from f` round-trips. Use --include-secrets \
            for a backup that restores secrets too.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Write secret values in clear (for backups; keep the output safe).")
    var includeSecrets = false

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            let stored = try await context.withClient { client in
                try await StoredConfigReader(client: client).read(settings.layout)
            }
            let export = try ConfigExport(stored: stored)
            Console.out(
                export.render(
                    format: settings.format,
                    schema: context.schema,
                    includeSecrets: includeSecrets,
                    header: "zkconfig export of \(settings.layout) (\(Plural.count(export.values.count, "key")))"
                )
            )
            if stored.isAbsent { Console.message("\(settings.subject) does not exist; nothing to export") }
            if let node = stored.nodeBesideKeys {
                Console.message(
                    "not exported: znode \(node), Seata's single-node configuration (export it with --layout node)"
                )
            }
            return .ok
        }
    }
}
