import ConfigCenter

/// A warning of the running configuration as `/ready` and `/config` show it: the key, the
/// report's line (origin, what is wrong, what to do) and the `zkconfig` commands that fix it.
struct ConfigWarningView: Encodable {
    var key: String
    var message: String
    var fix: [String]

    /// The views of `problems`; `fixCommand` is the `zkconfig` command line that reaches this
    /// coordinator's configuration (nil for a local file, which is edited by hand).
    static func make(_ problems: [ValidationProblem], fixCommand: String?) -> [ConfigWarningView] {
        problems.map { problem in
            ConfigWarningView(
                key: problem.key,
                message: problem.line(),
                fix: fixCommand.map { ValidationReport.fixCommands(problem, command: $0) } ?? []
            )
        }
    }
}
