import ArgumentParser
import ConfigCenter
import Foundation
import ZooKeeper

/// The options every subcommand takes, before or after its name.
///
/// The root command and each subcommand declare this one group, so swift-argument-parser
/// accepts `zkconfig --connect H seed …` and `zkconfig seed … --connect H` alike. Options are
/// optional here and defaulted in `resolved()`, so a value given before the subcommand is not
/// replaced by a default after it.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "ZooKeeper servers: host:port[,host:port…][/chroot]. Default: $ZK_CONNECT, else 127.0.0.1:2181.",
            valueName: "hosts"
        )
    )
    var connect: String?

    @Option(help: ArgumentHelp("The znode under which keys live (per-key layout). Default: /seata.", valueName: "path"))
    var root: String?

    @Option(
        help: ArgumentHelp(
            "Digest credentials user:password. Default: $ZK_AUTH. Never echoed.",
            valueName: "user:password"
        )
    )
    var auth: String?

    @Option(help: ArgumentHelp("Seconds to wait for a connection. Default: 5.", valueName: "seconds"))
    var timeout: Double?

    @Option(
        help: ArgumentHelp(
            "The ZooKeeper session timeout to ask for, in seconds (watch follows a session across expiry). Default: 10.",
            valueName: "seconds"
        )
    )
    var sessionTimeout: Double?

    @Option(help: ArgumentHelp("Output for scripts: text (or properties) or json. Default: text."))
    var format: OutputFormat?

    @Option(
        help: ArgumentHelp(
            "keys (one znode per key, default), node (Seata's /seata/seata.properties) or node:PATH.",
            valueName: "layout"
        )
    )
    var layout: String?

    @Option(
        help: ArgumentHelp(
            "A schema file to use instead of the built-in one (Config/schema.json as built). Default: $ZKCONFIG_SCHEMA.",
            valueName: "path"
        )
    )
    var schema: String?

    @Flag(help: "Log the session and the ZooKeeper C library to stderr.")
    var verbose = false

    /// Checks what can be checked without the environment; `resolved()` checks the rest.
    func validate() throws {
        _ = try resolved(environment: [:])
    }

    /// The options with defaults and environment applied.
    ///
    /// - Throws: `ValidationError` (exit 64) for a malformed value; the message never repeats
    ///   an `--auth` value.
    func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let connect = self.connect ?? environment["ZK_CONNECT"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:2181"
        let root: String
        switch ConfigRoot.normalize(self.root ?? "/seata") {
        case .success(let normalized): root = normalized
        case .failure(let error): throw ValidationError("--root \(error)")
        }
        var credentials: DigestCredentials?
        let credentialsOrigin = self.auth != nil ? "--auth" : "ZK_AUTH"
        if let auth = self.auth ?? environment["ZK_AUTH"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let parsed = DigestCredentials(auth) else {
                throw ValidationError("\(credentialsOrigin) must be user:password (the value is not repeated here)")
            }
            credentials = parsed
        }
        let seconds = timeout ?? 5
        guard seconds > 0, seconds <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds between 0 and 3600")
        }
        let session = sessionTimeout ?? 10
        guard session >= 1, session <= 3600 else {
            throw ValidationError("--session-timeout must be a number of seconds between 1 and 3600")
        }
        let layoutText = layout ?? "keys"
        guard let layout = ConfigLayout.parse(layoutText, root: root) else {
            throw ValidationError("--layout must be keys, node or node:/PATH, not '\(layoutText)'")
        }
        return Settings(
            connect: connect,
            root: root,
            credentials: credentials,
            credentialsOrigin: credentialsOrigin,
            timeout: .milliseconds(Int64(seconds * 1000)),
            sessionTimeout: .milliseconds(Int64(session * 1000)),
            format: (format ?? .text).report,
            layout: layout,
            schemaPath: schema,
            verbose: verbose
        )
    }
}

/// The global options resolved: defaults and environment applied, values parsed.
struct Settings: Sendable {
    var connect: String
    var root: String
    var credentials: DigestCredentials?
    /// `--auth` or `ZK_AUTH`: where the credentials came from, for messages.
    var credentialsOrigin: String
    var timeout: Duration
    var sessionTimeout: Duration
    var format: ReportFormat
    var layout: ConfigLayout
    var schemaPath: String?
    var verbose: Bool

    /// `127.0.0.1:2181 keys under /seata`, for messages.
    var subject: String { "ZooKeeper \(connect) \(layout)" }

    /// The `zkconfig` command line that reaches the same configuration, for fix commands: the
    /// connect string, root and layout; never the password (`--auth` takes it from `ZK_AUTH`).
    var commandLine: String {
        var parts = ["zkconfig", "--connect", ConfigFix.shellWord(connect), "--root", ConfigFix.shellWord(root)]
        if case .singleNode(let path, _) = layout { parts += ["--layout", ConfigFix.shellWord("node:\(path)")] }
        if let credentials { parts += ["--auth", "\(ConfigFix.shellWord(credentials.user)):\"$PASSWORD\""] }
        return parts.joined(separator: " ")
    }
}
