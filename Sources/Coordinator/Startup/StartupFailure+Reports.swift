import CommandLineContract
public import ConfigCenter
public import ZooKeeper

extension StartupFailure {
    /// Invalid or incomplete configuration: every problem, each missing key with the znode it
    /// was looked for in, and the `zkconfig` command that fixes it.
    ///
    /// - Parameters:
    ///   - report: The validation report (errors only are listed; warnings go to the log).
    ///   - settings: Where the configuration was read, for the wording and the command.
    /// - Returns: A failure that exits 78.
    public static func invalidConfiguration(_ report: ValidationReport, settings: BootstrapSettings) -> StartupFailure {
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
        switch settings.source {
        case .file(let path):
            return StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: summary,
                problems: problems,
                action: onlyMissing
                    ? "Add the missing keys to \(path), then start again."
                    : "Fix the values in \(path), then start again."
            )
        case .zooKeeper:
            let zkconfig = ZKConfigCommand(settings: settings)
            if onlyMissing {
                return StartupFailure(
                    exitCode: ExitStatus.invalidConfig.code,
                    summary: summary,
                    problems: problems,
                    action: "Seed the missing keys, then start again:",
                    commands: [zkconfig.render("seed --from Config/config.txt")]
                )
            }
            let fixes = errors.flatMap { problem -> [String] in
                if !problem.fix.isEmpty { return ValidationReport.fixCommands(problem, command: zkconfig.prefix) }
                switch problem.kind {
                case .renamedKey, .unknownKey, .noEffect, .renamedConflict, .shadowed:
                    return [zkconfig.render("delete \(problem.key)")]
                case .missing, .empty, .wrongType, .notAllowed, .conditionUnmet, .unknownItem:
                    return [zkconfig.render("set \(problem.key) VALUE")]
                }
            }
            return StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: summary,
                problems: problems,
                action: "Correct each value (or move a renamed key to its new name), check, then start again:",
                commands: Array(Set(fixes)).sorted() + [zkconfig.render("validate")]
            )
        }
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
