import ArgumentParser
import ConfigCenter

/// `zkconfig diff --from FILE`: how ZooKeeper differs from a file.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show how the stored configuration differs from a file (what seed --overwrite --prune would change).",
        discussion: """
            Exits 0 when they are equal, 1 when they differ. Secrets are <redacted>. A file without \
            keys is refused (exit 65) unless --allow-empty.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp(
            "The file to compare: properties, or JSON when it ends in .json; - for stdin.",
            valueName: "file"
        )
    )
    var from: String

    @Flag(help: "Accept a file without keys (everything stored then differs).")
    var allowEmpty = false

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            let input = try SeedInput.load(path: from)
            for warning in input.warnings { Console.message(warning) }
            try EmptyInput.check(input, allowed: allowEmpty)
            let planner = SeedPlanner(options: SeedOptions(overwrite: true, prune: true), schema: context.schema)
            let plan = try await context.withClient { client in
                try await SeedApplier(client: client, planner: planner).plan(input, layout: settings.layout)
            }
            let diff = ConfigDiff(plan: plan)
            Console.out(
                diff.render(
                    format: settings.format,
                    schema: context.schema,
                    storedName: settings.subject,
                    fileName: input.source
                )
            )
            if settings.format == .text {
                Console.message(
                    diff.isEqual
                        ? "\(settings.subject) holds exactly \(input.source)"
                        : "\(Plural.count(diff.differences.count, "key", verb: "differs")) between "
                            + "\(settings.subject) and \(input.source)"
                )
            }
            if let node = plan.nodeBesideKeys {
                Console.message(
                    "not compared: znode \(node), Seata's single-node configuration (compare it with --layout node)"
                )
            }
            return diff.isEqual ? .ok : .different
        }
    }
}
