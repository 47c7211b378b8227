/// Why the coordinator refused to start, as one report a person can act on.
///
/// Shaped like Spring Boot's failure analysis: a description of what is wrong (every problem
/// at once, each with where it was looked for) and an action, with the exact command that
/// fixes it when there is one. Never a bare "NoNode".
public struct StartupFailure: Error, Sendable, CustomStringConvertible {
    /// The process exit code: 78 invalid configuration, 69 ZooKeeper unreachable,
    /// 77 credentials or ACL refused, 64 bad usage.
    public var exitCode: Int32
    /// The first sentence of the description ("The configuration in ZooKeeper … is incomplete:").
    public var summary: String
    /// One line per problem.
    public var problems: [String]
    /// What to do, in a sentence.
    public var action: String
    /// Commands that do it, verbatim.
    public var commands: [String]

    /// A failure from its parts.
    public init(exitCode: Int32, summary: String, problems: [String] = [], action: String, commands: [String] = []) {
        self.exitCode = exitCode
        self.summary = summary
        self.problems = problems
        self.action = action
        self.commands = commands
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
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Exit codes shared with `zkconfig` (sysexits.h).
public enum ExitCodes {
    /// Bad usage: an unknown flag or a malformed value.
    public static let usage: Int32 = 64
    /// A bad input file.
    public static let dataError: Int32 = 65
    /// ZooKeeper unreachable.
    public static let unavailable: Int32 = 69
    /// Credentials or ACL refused.
    public static let noPermission: Int32 = 77
    /// Configuration invalid or unusable.
    public static let config: Int32 = 78
    /// A port to listen on is in use, or cannot be bound.
    public static let portUnavailable: Int32 = 71
}
