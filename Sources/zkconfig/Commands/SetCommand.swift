import ArgumentParser
import ConfigCenter
import Foundation
import ZooKeeper

/// `zkconfig set KEY VALUE [--version N]`: one value, optionally compare-and-set.
struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set one key, creating it (and the root) when missing.",
        discussion: """
            With --version N the write happens only if the key's znode (or the single node) is \
            at version N; otherwise it exits 75. The value is the second argument, or the bytes \
            of a file with --from-file FILE (- for stdin), exactly as they are (a final newline \
            included). A key the schema does not know is refused (exit 64, with a did-you-mean) \
            unless --force. Written with a warning: a value the schema does not accept, a \
            renamed key (with its new name), and a value that leaves a requirement unmet \
            (store.mode db without store.db.url): a running coordinator refuses such a change \
            until the required keys are set too.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The key, such as store.mode.")
    var key: String

    @Argument(help: "The value; quote it in the shell. Values starting with - need -- before them.")
    var value: String?

    @Option(help: ArgumentHelp("Read the value from a file (- for stdin) instead.", valueName: "file"))
    var fromFile: String?

    @Option(help: "Compare-and-set: write only if the znode is at this version.")
    var version: Int32?

    @Option(help: "The ACL of znodes this creates: open, read-only or creator-all (both need --auth).")
    var acl: ACLChoice = .open

    @Flag(help: "Write a key the schema does not know.")
    var force = false

    func validate() throws {
        switch (value, fromFile) {
        case (nil, nil): throw ValidationError("give the value, or --from-file FILE (- for stdin)")
        case (.some, .some): throw ValidationError("give the value or --from-file, not both")
        default: break
        }
    }

    func run() async throws {
        try await CommandContext.run(global, writes: true) { context in
            let settings = context.settings
            try KeyArgument.check(key, layout: settings.layout)
            let value = try readValue()
            let entries = try acl.entries(credentials: settings.credentials)
            let largest = RequestSize.largestValue(path: settings.layout.path(of: key), acl: entries)
            guard value.utf8.count <= largest else {
                throw UsageError("the value is \(value.utf8.count) bytes; a znode can hold at most \(largest)")
            }
            try checkKey(value, schema: context.schema, command: settings.commandLine)
            do {
                let write = try await context.withClient { client in
                    let unmet = try await Self.unmetRequirements(
                        setting: key,
                        to: value,
                        client: client,
                        layout: settings.layout,
                        schema: context.schema
                    )
                    if !unmet.isEmpty {
                        let conditions = Set(unmet.map(Self.condition)).sorted().joined(separator: "; ")
                        Console.message(
                            "warning: with this value, \(conditions) requires "
                                + "\(unmet.map(\.key).joined(separator: ", ")), which \(unmet.count == 1 ? "is" : "are") "
                                + "not set; a running coordinator refuses this change until "
                                + "\(unmet.count == 1 ? "it is" : "they are") set:"
                        )
                        for problem in unmet {
                            Console.message("    \(settings.commandLine) set \(ConfigFix.shellWord(problem.key)) VALUE")
                        }
                    }
                    return try await ConfigKeyEditor(client: client, layout: settings.layout, acl: entries)
                        .set(key, value: value, expectedVersion: version)
                }
                switch settings.format {
                case .text:
                    Console.message(
                        "\(write.created ? "created" : "set") \(key) in \(settings.subject) "
                            + "(znode \(write.path), version \(write.version.map(String.init) ?? "?"))"
                    )
                case .json:
                    Console.out(
                        KeyWriteJSON.encode(
                            .init(key: key, path: write.path, version: write.version, created: write.created)
                        )
                    )
                }
                return .ok
            } catch let error as ZooKeeperError where error.code == .noNode && version != nil {
                Console.message("\(error); --version needs the key to exist (omit it to create the key)")
                return .conflict
            }
        }
    }

    /// The value argument, or the file's bytes as UTF-8 text.
    private func readValue() throws -> String {
        guard let fromFile else { return value ?? "" }
        let bytes = try InputFile.read(fromFile)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UsageError("\(InputFile.name(fromFile)) is not UTF-8 text; a value is stored as UTF-8")
        }
        return text
    }

    /// Refuses an unknown key (unless `--force`); warns about a renamed key and a value the
    /// schema does not accept.
    private func checkKey(_ value: String, schema: ConfigSchema, command: String) throws {
        let given = ConfigValues([key: SourcedValue(value, origin: .commandLine(flag: "set"))])
        let problems = ConfigValidator(schema: schema).validate(given, side: .both, applyDefaults: false)
            .problems(for: key)
        for problem in problems {
            switch problem.kind {
            case .unknownKey where !force:
                let meant = problem.suggestedKey.map { "; did you mean \($0)?" } ?? ""
                throw UsageError(
                    "\(key) is not a key the schema knows\(meant); nothing written. "
                        + "Pass --force to write it anyway (Seata ignores keys it does not read)"
                )
            case .renamedKey, .renamedConflict:
                Console.message("warning: \(key): \(problem.message); \(problem.suggestion ?? "")")
                for fix in problem.fix { Console.message("    \(command) \(fix.subcommand)") }
            case .wrongType, .notAllowed:
                let shown = schema.isSecret(key) ? "the value" : "it"
                Console.message("warning: \(key): \(problem.message); writing \(shown) anyway")
            default:
                Console.message("warning: \(problem.summary())")
            }
        }
    }

    /// `store.session.mode=db (schema default: the value of store.mode)`: the condition of an
    /// unmet requirement as the report words it.
    private static func condition(_ problem: ValidationProblem) -> String {
        var text = Substring(problem.message)
        if text.hasPrefix("required when ") { text = text.dropFirst("required when ".count) }
        if let end = text.range(of: ", but ", options: .backwards) { text = text[..<end.lowerBound] }
        return String(text)
    }

    /// The requirements the write would leave unmet that are met (or not in force) now.
    ///
    /// What a coordinator would refuse the change for. Environment overrides are not considered: what
    /// is stored is what every coordinator reads.
    static func unmetRequirements(
        setting key: String,
        to value: String,
        client: ZooKeeperClient,
        layout: ConfigLayout,
        schema: ConfigSchema
    ) async throws -> [ValidationProblem] {
        let loader = ConfigLoader(schema: schema, side: .server, environment: [:])
        let before: LoadedConfig
        do {
            before = try await loader.load(from: client, layout: layout)
        } catch is ConfigLoadError {
            return []  // an unreadable single node: the write itself says so
        }
        var values = before.storedValues
        values[key] = SourcedValue(value, origin: .commandLine(flag: "set"))
        let after = loader.load(values: values)
        let unmetBefore = Set(before.report.errors.filter { $0.kind == .conditionUnmet }.map(\.key))
        return after.report.errors.filter { $0.kind == .conditionUnmet && !unmetBefore.contains($0.key) }
    }
}
