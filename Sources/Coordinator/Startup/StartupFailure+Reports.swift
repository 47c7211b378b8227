import CommandLineContract
public import ConfigCenter
public import ZooKeeper

extension StartupFailure {
    /// Invalid or incomplete configuration: every problem, each missing key with the znode it
    /// was looked for in, and what fixes each cause.
    ///
    /// The action fits the cause: a value from the environment is fixed there, not in ZooKeeper;
    /// missing required keys are seeded; keys a condition requires (`store.db.*` when
    /// `store.mode=db`) are set one by one, since the default `config.txt` does not have them;
    /// other values are corrected with the fix each problem carries.
    ///
    /// - Parameters:
    ///   - report: The validation report (errors only are listed; warnings go to the log).
    ///   - settings: Where the configuration was read, for the wording and the command.
    ///   - effective: The values the coordinator would run with, to tell where a condition's value
    ///     came from (the environment, a default).
    /// - Returns: A failure that exits 78.
    public static func invalidConfiguration(
        _ report: ValidationReport,
        settings: BootstrapSettings,
        effective: ConfigValues = ConfigValues()
    ) -> StartupFailure {
        let errors = report.errors
        let onlyMissing = errors.allSatisfy {
            $0.kind == .missing || ($0.kind == .conditionUnmet && $0.message.hasSuffix("missing"))
        }
        let state = onlyMissing ? "incomplete" : "invalid"
        let layout = settings.layout
        let whereMissing: (String) -> String
        let summary: String
        switch settings.source {
        case .zooKeeper:
            summary = "The configuration in ZooKeeper \(settings.connectString) \(layout.locationPhrase) is \(state):"
            whereMissing = { key in
                switch layout {
                case .perKey: "no znode \(layout.path(of: key))"
                case .singleNode(let path, _): "not in znode \(path)"
                }
            }
        case .file(let path):
            summary = "The configuration in file \(path) is \(state):"
            whereMissing = { _ in "not in \(path)" }
        }
        let problems = errors.map { $0.line(whereMissing: whereMissing) }
        var steps: [Step] = []

        // Values that come from the environment are fixed there, whatever the source.
        let fromEnvironment = errors.filter { $0.origin.map(Self.isEnvironment) ?? false }
        if !fromEnvironment.isEmpty {
            let variables = fromEnvironment.compactMap { problem -> String? in
                guard case .environment(let variable)? = problem.origin else { return nil }
                return "\(variable) (overrides \(problem.key); \(problem.suggestion ?? "correct it"))"
            }
            steps.append(
                Step(
                    action: "Correct or unset the environment variable\(variables.count == 1 ? "" : "s") "
                        + "\(variables.joined(separator: ", ")) where the coordinator is started, then start again."
                )
            )
        }
        let stored = errors.filter { !($0.origin.map(Self.isEnvironment) ?? false) }
        let missing = stored.filter { $0.kind == .missing }
        let required = stored.filter { $0.kind == .conditionUnmet }
        let other = stored.filter { $0.kind != .missing && $0.kind != .conditionUnmet }

        switch settings.source {
        case .file(let path):
            if !missing.isEmpty || !required.isEmpty {
                let keys = (missing + required).map(\.key).joined(separator: ", ")
                steps.append(Step(action: "Add \(keys) to \(path), then start again."))
            }
            if !other.isEmpty { steps.append(Step(action: "Fix the values in \(path), then start again.")) }
        case .zooKeeper:
            let zkconfig = ZKConfigCommand(settings: settings)
            if !missing.isEmpty {
                steps.append(
                    Step(
                        action: "Seed the missing keys, then start again:",
                        commands: [zkconfig.render("seed --from Config/config.txt")]
                    )
                )
            }
            if !required.isEmpty {
                let conditions = Set(required.compactMap(\.condition)).sorted()
                var because = conditions.joined(separator: "; ")
                let fromEnvironmentKeys = Self.environmentSources(of: conditions, in: effective)
                if !fromEnvironmentKeys.isEmpty {
                    because += " (" + fromEnvironmentKeys.joined(separator: ", ") + ")"
                }
                steps.append(
                    Step(
                        action: "Set the keys that \(because) requires (Config/config.txt has none of them), "
                            + "then start again:",
                        commands: required.map { zkconfig.render(ConfigFix.set(key: $0.key, value: nil).subcommand) }
                    )
                )
            }
            if !other.isEmpty {
                let fixes = other.flatMap { problem -> [String] in
                    if !problem.fix.isEmpty { return ValidationReport.fixCommands(problem, command: zkconfig.prefix) }
                    switch problem.kind {
                    case .renamedKey, .unknownKey, .noEffect, .renamedConflict, .shadowed, .nodeBesideKeys:
                        return [zkconfig.render("delete \(problem.key)")]
                    case .missing, .empty, .wrongType, .notAllowed, .conditionUnmet, .unknownItem:
                        return [zkconfig.render("set \(problem.key) VALUE")]
                    }
                }
                steps.append(
                    Step(
                        action: "Correct each value (or move a renamed key to its new name), check, then start again:",
                        commands: Array(Set(fixes)).sorted() + [zkconfig.render("validate")]
                    )
                )
            }
        }
        let first = steps.first ?? Step(action: "Correct the configuration, then start again.")
        return StartupFailure(
            exitCode: ExitStatus.invalidConfig.code,
            summary: summary,
            problems: problems,
            action: first.action,
            commands: first.commands,
            steps: Array(steps.dropFirst())
        )
    }

    private static func isEnvironment(_ origin: ConfigOrigin) -> Bool {
        if case .environment = origin { return true }
        return false
    }

    /// `store.mode=db comes from environment STORE_MODE` for each condition key whose value (or
    /// the value it defaults from) was set in the environment.
    private static func environmentSources(of conditions: [String], in effective: ConfigValues) -> [String] {
        var sources: [String] = []
        for condition in conditions {
            for part in condition.split(separator: " and ") {
                var key = String(part.split(separator: "=", maxSplits: 1)[0])
                var seen: Set<String> = []
                while seen.insert(key).inserted, let value = effective[key] {
                    if case .defaultFrom(let from) = value.origin {
                        key = from
                        continue
                    }
                    if case .environment(let variable) = value.origin {
                        sources.append("\(key)=\(value.value) comes from environment \(variable)")
                    }
                    break
                }
            }
        }
        return Array(Set(sources)).sorted()
    }

    /// ZooKeeper did not answer, or refused this coordinator.
    ///
    /// - Parameters:
    ///   - error: What the client reported.
    ///   - settings: Where the coordinator tried.
    /// - Returns: A failure that exits 69 (unreachable) or 77 (credentials or ACL refused).
    public static func zooKeeper(_ error: ZooKeeperError, settings: BootstrapSettings) -> StartupFailure {
        let connect = settings.connectString
        switch error.code {
        case .noAuth, .authFailed:
            let who = settings.credentials.map { "as digest user '\($0.user)'" } ?? "without credentials"
            return StartupFailure(
                exitCode: ExitStatus.noPermission.code,
                summary: "ZooKeeper \(connect) refused this coordinator (\(who)):",
                problems: ["\(error)"],
                action:
                    "Give the coordinator credentials the ACL of \(settings.root) admits (--auth USER:PASSWORD, ZK_AUTH, or config.zk.username and config.zk.password), or check the ACL:",
                commands: ["zkCli.sh -server \(connect) getAcl \(settings.root)"]
            )
        case .invalidArgument:
            return StartupFailure(
                exitCode: ExitStatus.usage.code,
                summary: "The ZooKeeper connect string is not usable:",
                problems: ["\(error)"],
                action: "Give host:port[,host:port…][/chroot] with --connect, ZK_CONNECT or config.zk.serverAddr."
            )
        default:
            return StartupFailure(
                exitCode: ExitStatus.unavailable.code,
                summary: "ZooKeeper is not reachable at \(connect):",
                problems: ["\(error)"],
                action:
                    "Check that ZooKeeper runs and this host can reach it (for example: echo srvr | nc \(connect.split(separator: ",")[0].replacingOccurrences(of: ":", with: " "))), or point the coordinator elsewhere with --connect, ZK_CONNECT or config.zk.serverAddr."
            )
        }
    }
}

extension ConfigLayout {
    /// `under /seata` or `in znode /seata/seata.properties`, for sentences.
    var locationPhrase: String {
        switch self {
        case .perKey(let root): "under \(root)"
        case .singleNode(let path, _): "in znode \(path)"
        }
    }
}

/// The `zkconfig` command line that reaches the same configuration as this coordinator.
struct ZKConfigCommand {
    let settings: BootstrapSettings

    func render(_ subcommand: String) -> String {
        "\(prefix) \(subcommand)"
    }

    /// `zkconfig --connect HOSTS --root ROOT` (with `--layout node:PATH` for a single node).
    var prefix: String {
        var parts = ["zkconfig", "--connect", ConfigFix.shellWord(settings.connectString)]
        parts += ["--root", ConfigFix.shellWord(settings.layout.keysRoot)]
        if case .singleNode(let path, _) = settings.layout {
            parts += ["--layout", ConfigFix.shellWord("node:\(path)")]
        }
        // The password is never printed: the shell puts it in from $PASSWORD.
        if let credentials = settings.credentials { parts += ["--auth", "\(credentials.user):\"$PASSWORD\""] }
        return parts.joined(separator: " ")
    }
}
