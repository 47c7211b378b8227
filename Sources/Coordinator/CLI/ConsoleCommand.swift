import CommandLineContract
import Foundation

/// `coordinator sessions|locks|redrive|delete|login …`: the console API for scripts, as the page
/// uses it, with the token from `COORDINATOR_TOKEN` and exit codes from the shared table.
///
/// Output for scripts goes to stdout (`--format json`: the API's envelope as served), messages for
/// people to stderr.
enum ConsoleCommand {
    static let names: Set<String> = ["sessions", "locks", "redrive", "delete", "login"]

    /// The environment variable the token is read from (`Bearer …` or the bare token).
    static let tokenVariable = "COORDINATOR_TOKEN"

    static let usage = """
        USAGE: coordinator sessions [--xid XID] [--status STATUS] [--application ID] [--name NAME]
                                    [--vgroup GROUP] [--older-than SECONDS] [--with-branches]
                                    [--page N] [--page-size N] [options]
               coordinator locks [--xid XID] [--table NAME] [--pk PK] [--resource ID] [--branch-id ID]
                                 [--transaction-id ID] [--page N] [--page-size N] [options]
               coordinator redrive --xid XID [options]
               coordinator delete --xid XID [--branch ID] [--force] [options]
               coordinator login [--user NAME] [options]

        Talks to a running coordinator's console API (Seata's /api/v1/console routes): lists global
        sessions and row locks, re-drives the decided commit or rollback of a session, deletes a
        session or a branch (rolling back first; --force: without calling the RMs). login prints a
        token for COORDINATOR_TOKEN, reading the password from COORDINATOR_PASSWORD or stdin:
            export COORDINATOR_TOKEN=$(coordinator login --user seata)

        OPTIONS:
          --url URL                the coordinator's HTTP address (env COORDINATOR_URL; default http://127.0.0.1:7091)
          --format text|json       text for people (default), or the API's JSON envelope as served
          -h, --help               show this help

        The token comes from COORDINATOR_TOKEN. STATUS is a global status code or name (CommitRetryTimeout).
        """

    static let exitCodes: [ExitStatus] = [
        .ok, .different, .usage, .unavailable, .internalError, .conflict, .noPermission,
    ]

    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        let command = arguments[1]
        var options: [String: String] = [:]
        var flags: Set<String> = []
        let valued: Set<String> = [
            "--url", "--format", "--xid", "--status", "--application", "--name", "--vgroup", "--older-than", "--page",
            "--page-size", "--table", "--pk", "--resource", "--branch-id", "--transaction-id", "--branch", "--user",
        ]
        let switches: Set<String> = ["--with-branches", "--force"]
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" {
                print(usage + "\n\nEXIT CODES: " + ExitStatus.summary(exitCodes) + ".")
                return ExitStatus.ok.code
            }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            if valued.contains(parts[0]) {
                if parts.count == 2 {
                    options[parts[0]] = parts[1]
                } else {
                    guard index + 1 < arguments.count else { return usageError("\(argument) needs a value") }
                    options[argument] = arguments[index + 1]
                    index += 1
                }
            } else if switches.contains(argument) {
                flags.insert(argument)
            } else {
                return usageError("unknown option \(argument) for coordinator \(command)")
            }
            index += 1
        }
        let format = options["--format"] ?? "text"
        guard format == "text" || format == "json" else { return usageError("--format must be text or json") }
        let client: ConsoleHTTPClient
        do {
            client = try ConsoleHTTPClient(
                url: options["--url"] ?? environment["COORDINATOR_URL"] ?? "http://127.0.0.1:7091"
            )
        } catch {
            return usageError(error.description)
        }
        let session = ConsoleCommandSession(client: client, token: environment[tokenVariable], json: format == "json")
        switch command {
        case "login":
            return session.login(user: options["--user"] ?? "seata", password: environment["COORDINATOR_PASSWORD"])
        case "sessions":
            var query: [(String, String?)] = [
                ("xid", options["--xid"]), ("status", options["--status"]), ("applicationId", options["--application"]),
                ("transactionName", options["--name"]), ("vgroup", options["--vgroup"]),
                ("pageNum", options["--page"]), ("pageSize", options["--page-size"]),
                ("withBranch", flags.contains("--with-branches") ? "true" : nil),
            ]
            if let age = options["--older-than"] {
                guard let seconds = Double(age), seconds >= 0 else {
                    return usageError("--older-than '\(age)' is not a number of seconds")
                }
                let now = Date().timeIntervalSince1970 * 1000
                query.append(("timeEnd", String(Int64(now - seconds * 1000))))
            }
            return session.sessions(query)
        case "locks":
            return session.locks([
                ("xid", options["--xid"]), ("tableName", options["--table"]), ("pk", options["--pk"]),
                ("resourceId", options["--resource"]), ("branchId", options["--branch-id"]),
                ("transactionId", options["--transaction-id"]), ("pageNum", options["--page"]),
                ("pageSize", options["--page-size"]),
            ])
        case "redrive":
            guard let xid = options["--xid"] else { return usageError("coordinator redrive needs --xid XID") }
            return session.action("PUT", "globalSession/sendCommitOrRollback", [("xid", xid)])
        default:
            guard let xid = options["--xid"] else { return usageError("coordinator delete needs --xid XID") }
            let force = flags.contains("--force")
            if let branch = options["--branch"] {
                let path = force ? "branchSession/forceDeleteBranchSession" : "branchSession/deleteBranchSession"
                return session.action("DELETE", path, [("xid", xid), ("branchId", branch)])
            }
            let path = force ? "globalSession/forceDeleteGlobalSession" : "globalSession/deleteGlobalSession"
            return session.action("DELETE", path, [("xid", xid)])
        }
    }

    static func usageError(_ message: String) -> Int32 {
        printToStderr("coordinator: \(message) (see coordinator sessions --help)\n")
        return ExitStatus.usage.code
    }

    /// The exit code for an HTTP status of the console.
    static func exitCode(forStatus status: Int) -> ExitStatus {
        switch status {
        case 200..<300: .ok
        case 400: .usage
        case 401, 403: .noPermission
        case 404: .different
        case 409, 429: .conflict
        default: .internalError
        }
    }
}
