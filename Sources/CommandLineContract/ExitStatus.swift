/// The exit codes of `zkconfig` and `coordinator`: one list, so scripts and supervisors can
/// rely on a number meaning the same thing from either program.
///
/// The numbers are sysexits.h's where one fits (64 usage, 65 data, 69 unavailable, 70
/// software, 71 operating system error, 75 temporary failure, 77 permission, 78 configuration), so a supervisor that knows
/// those (systemd's `RestartPreventExitStatus=`, for one) can tell "fix the configuration" from
/// "try again later".
public enum ExitStatus: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Done (the coordinator: stopped cleanly).
    case ok = 0
    /// `zkconfig diff` found differences; `zkconfig get` or `delete` found no such key; a
    /// `coordinator` console command found no such session, branch or row lock.
    case different = 1
    /// The command line is wrong: an unknown flag, a malformed value.
    case usage = 64
    /// An input file is wrong: a parse error, an invalid key name, a value over the size limit.
    case badInput = 65
    /// ZooKeeper (or, for the coordinator, the session database) could not be reached within the
    /// connect timeout, or the connection was lost; a `coordinator` console command could not
    /// reach the coordinator's HTTP port.
    case unavailable = 69
    /// A bug or an unexpected answer.
    case internalError = 70
    /// `coordinator`: a port to listen on is in use by another process, or cannot be bound.
    case portUnavailable = 71
    /// `zkconfig`: concurrent writers won every attempt, or a `--version` did not match; retry. A
    /// `coordinator` console command: the session's state refused the action, it did not complete
    /// (an RM did not confirm), or the login rate bound was hit.
    case conflict = 75
    /// Authentication failed or an ACL refused the operation (the coordinator: also the session
    /// database's user or password; a console token missing, invalid or expired; a wrong console
    /// password).
    case noPermission = 77
    /// The configuration is invalid or unusable (no schema, an unsupported store, a store
    /// folder in use, stored text that cannot be read).
    case invalidConfig = 78

    /// The number the process exits with.
    public var code: Int32 { rawValue }

    /// What the code means, in a few words, for `--help` texts and tables.
    public var meaning: String {
        switch self {
        case .ok: "ok"
        case .different: "zkconfig diff found differences, zkconfig get or delete found no such key, no such session"
        case .usage: "usage error"
        case .badInput: "bad input file"
        case .unavailable: "ZooKeeper, the session database or the coordinator's console unreachable"
        case .internalError: "internal error"
        case .portUnavailable: "a port to listen on is in use or cannot be bound"
        case .conflict:
            "conflict (concurrent writers outlasted the retries, or --version did not match; a console action refused or not completed)"
        case .noPermission: "authentication or ACL refused"
        case .invalidConfig: "configuration invalid or unusable"
        }
    }

    /// `78 (configuration invalid or unusable)`.
    public var description: String { "\(rawValue) (\(meaning))" }

    /// Every code with its meaning, `0 ok; 1 …; 64 usage error; …`, for a `--help` text.
    public static func summary(_ statuses: [ExitStatus] = allCases) -> String {
        statuses.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")
    }
}
