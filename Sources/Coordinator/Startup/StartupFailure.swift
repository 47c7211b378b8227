/// Why the coordinator refused to start, as one report a person can act on.
///
/// Shaped like Spring Boot's failure analysis: a description of what is wrong (every problem
/// at once, each with where it was looked for) and an action, with the exact command that
/// fixes it when there is one. Never a bare "NoNode".
public struct StartupFailure: Error, Sendable, CustomStringConvertible {
    /// The process exit code, one of `ExitStatus` (shared with `zkconfig`): 78 invalid
    /// configuration, 69 ZooKeeper unreachable, 77 credentials or ACL refused, 64 bad usage.
    public var exitCode: Int32
    /// The first sentence of the description ("The configuration in ZooKeeper … is incomplete:").
    public var summary: String
    /// One line per problem.
    public var problems: [String]
    /// What to do, in a sentence.
    public var action: String
    /// Commands that do it, verbatim.
    public var commands: [String]
    /// Further things to do, each with its commands, when the problems have different causes
    /// (an environment variable to fix, keys to seed, keys a condition requires).
    public var steps: [Step]

    /// One more thing to do and the commands that do it.
    public struct Step: Sendable, Hashable {
        /// What to do, in a sentence.
        public var action: String
        /// Commands that do it, verbatim.
        public var commands: [String]

        /// A step from its parts.
        public init(action: String, commands: [String] = []) {
            self.action = action
            self.commands = commands
        }
    }

    /// A failure from its parts.
    public init(
        exitCode: Int32,
        summary: String,
        problems: [String] = [],
        action: String,
        commands: [String] = [],
        steps: [Step] = []
    ) {
        self.exitCode = exitCode
        self.summary = summary
        self.problems = problems
        self.action = action
        self.commands = commands
        self.steps = steps
    }

    /// The report, as printed to stderr.
    public var description: String {
        var lines = [
            "*****************************",
            "COORDINATOR FAILED TO START",
            "*****************************",
            "",
            "Description:",
            "",
            summary,
        ]
        lines += problems.map { "  - \($0)" }
        lines += ["", "Action:", "", action]
        lines += commands.map { "    \($0)" }
        for step in steps {
            lines += ["", step.action]
            lines += step.commands.map { "    \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
