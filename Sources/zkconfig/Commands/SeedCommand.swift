import ArgumentParser
import ConfigCenter

/// `zkconfig seed --from FILE`: plan, print the plan, apply it atomically.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Create the keys ZooKeeper lacks from a properties (or JSON) file, atomically.",
        discussion: """
            Prints the plan on stdout: a line per key created, updated, deleted or kept \
            (unchanged keys are only counted). Values already stored are kept unless \
            --overwrite; stored keys the file lacks stay unless --prune. The apply is one \
            ZooKeeper multi guarded by the versions the plan read (a plan over the 1 MB \
            request limit: several, each atomic, in order); when another writer interferes \
            it is planned again (--max-attempts), then exits 75. A second run reports no \
            changes.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp(
            "The file to seed from: properties, or JSON when it ends in .json; - for stdin.",
            valueName: "file"
        )
    )
    var from: String

    @Flag(help: "Also replace stored values that differ from the file.")
    var overwrite = false

    @Flag(help: "Also delete stored keys that the file lacks.")
    var prune = false

    @Flag(help: "Print the plan and write nothing.")
    var dryRun = false

    @Option(help: "The ACL of created znodes: open, read-only (world reads, the --auth user writes) or creator-all.")
    var acl: ACLChoice = .open

    @Option(help: "How many times to read, plan and apply when concurrent writers interfere.")
    var maxAttempts = 5

    @Flag(help: "Accept a file without keys (with --prune: delete every stored key).")
    var allowEmpty = false

    func run() async throws {
        try await CommandContext.run(global, writes: true) { context in
            let settings = context.settings
            let options = SeedOptions(
                overwrite: overwrite,
                prune: prune,
                acl: try acl.entries(credentials: settings.credentials),
                maxAttempts: maxAttempts
            )
            let planner = SeedPlanner(options: options, schema: context.schema)
            let input = try SeedInput.load(path: from)
            for warning in input.warnings { Console.message(warning) }
            try EmptyInput.check(input, allowed: allowEmpty)
            try planner.checkSizes(input, layout: settings.layout)
            let display = SeedProgressDisplay(keys: input.entries.count, verbose: settings.verbose)
            display.start()
            let result = try await context.withClient { client in
                try await SeedApplier(client: client, planner: planner)
                    .seed(input, layout: settings.layout, dryRun: dryRun, progress: display.report)
            }
            display.finish()
            Console.out(
                result.plan.render(
                    format: settings.format,
                    schema: context.schema,
                    dryRun: dryRun,
                    applied: result.applied
                )
            )
            let multis = dryRun ? result.plan.batches(acl: options.acl, limit: options.requestLimit).count : 0
            Console.message(Self.summary(result, input: input, settings: settings, dryRun: dryRun, multis: multis))
            if prune, let node = result.plan.nodeBesideKeys {
                Console.message("not pruned: znode \(node), Seata's single-node configuration (not a key)")
            }
            return .ok
        }
    }

    /// One line for people: what was (or would be) done, and how.
    static func summary(_ result: SeedResult, input: SeedInput, settings: Settings, dryRun: Bool, multis: Int = 0)
        -> String
    {
        let plan = result.plan
        let counts = plan.summary
        var parts: [String] = []
        func add(_ count: Int, _ text: String) { if count > 0 { parts.append("\(count) \(text)") } }
        var text: String
        if dryRun {
            add(counts[.create], "to create")
            add(counts[.update], "to update")
            add(counts[.delete], "to delete")
            add(counts[.unchanged], "unchanged")
            add(counts[.kept], "kept (different; --overwrite replaces them)")
            add(counts[.skipped], "skipped (<redacted> placeholders)")
            text =
                "dry run against \(settings.subject): "
                + (parts.isEmpty ? "nothing in the input" : parts.joined(separator: ", "))
            text += plan.hasChanges ? "; nothing written" : "; no changes needed"
            if multis > 1 {
                text +=
                    "; the plan is larger than one request (jute.maxbuffer), so it would be applied as "
                    + "\(multis) multis, each atomic but not all of them together"
            }
        } else if !result.applied {
            add(counts[.unchanged], "unchanged")
            add(counts[.kept], "kept with different values (--overwrite replaces them)")
            add(counts[.skipped], "skipped (<redacted> placeholders)")
            text = "no changes: \(settings.subject) already holds \(input.source)"
            if !parts.isEmpty { text += " (" + parts.joined(separator: ", ") + ")" }
        } else {
            if !plan.missingAncestors.isEmpty {
                parts.append("created " + plan.missingAncestors.joined(separator: ", "))
            }
            add(counts[.create], "created")
            add(counts[.update], "updated")
            add(counts[.delete], "deleted")
            add(counts[.unchanged], "unchanged")
            add(counts[.kept], "kept (different; --overwrite replaces them)")
            add(counts[.skipped], "skipped (<redacted> placeholders)")
            text = "seeded \(settings.subject) from \(input.source): " + parts.joined(separator: ", ")
            text +=
                result.multis == 1
                ? "; one atomic multi of \(Plural.count(result.operations, "operation"))"
                : "; \(result.multis) multis of \(Plural.count(result.operations, "operation")) in all, each atomic"
        }
        if result.attempts > 1 { text += "; planned \(result.attempts) times (concurrent writers)" }
        if !plan.nestedKeysNotPruned.isEmpty {
            text += "; not pruned (have child znodes): " + plan.nestedKeysNotPruned.joined(separator: ", ")
        }
        return text
    }
}
