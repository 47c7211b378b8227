import CommandLineContract
import ConfigCenter
import Configuration

/// The bootstrap settings' names, and how each is spelled as a flag and an environment variable.
///
/// A setting's key (`http.port`) is its flag with dots for dashes (`--http-port`). Environment
/// variables follow `zkconfig`'s (`ZK_CONNECT`, `ZK_AUTH`, …) where there is one.
enum BootstrapKey {
    static let connect = "connect"
    static let root = "root"
    static let auth = "auth"
    static let timeout = "timeout"
    static let sessionTimeout = "session.timeout"
    static let layout = "layout"
    static let httpHost = "http.host"
    static let httpPort = "http.port"
    static let host = "host"
    static let port = "port"
    static let advertiseHost = "advertise.host"
    static let bootstrap = "bootstrap"
    static let schema = "schema"
    static let configType = "config.type"
    static let configFile = "config.file"
    static let consoleHost = "console.host"
    static let consoleUsername = "console.username"
    static let consolePassword = "console.password"
    static let consoleSecretKey = "console.secret.key"
    static let consoleTokenValidity = "console.token.validity"

    /// Every setting, in the order `--help` lists them.
    static let all = [
        connect, root, auth, timeout, sessionTimeout, layout, host, port, advertiseHost, httpHost, httpPort, bootstrap,
        schema, configType, configFile, consoleHost, consoleUsername, consolePassword, consoleSecretKey,
        consoleTokenValidity,
    ]

    /// The environment variable for each setting.
    static let environment: [String: String] = [
        connect: "ZK_CONNECT", root: "ZK_ROOT", auth: "ZK_AUTH", timeout: "ZK_TIMEOUT",
        sessionTimeout: "ZK_SESSION_TIMEOUT", layout: "ZK_LAYOUT", httpHost: "HTTP_HOST", httpPort: "HTTP_PORT",
        host: "SEATA_HOST", port: "SEATA_PORT", advertiseHost: "SEATA_IP",
        bootstrap: "COORDINATOR_BOOTSTRAP", schema: "ZKCONFIG_SCHEMA", configType: "CONFIG_TYPE",
        configFile: "CONFIG_FILE_NAME", consoleHost: "CONSOLE_HOST",
        // Spring's relaxed names of Seata's console settings.
        consoleUsername: "CONSOLE_USER_USERNAME", consolePassword: "CONSOLE_USER_PASSWORD",
        consoleSecretKey: "SEATA_SECURITY_SECRETKEY",
        consoleTokenValidity: "SEATA_SECURITY_TOKENVALIDITYINMILLISECONDS",
    ]

    static func environmentName(for key: String) -> String { environment[key] ?? key.uppercased() }

    /// Maps a setting's key to the key whose environment encoding is its variable
    /// (`connect` → `zk.connect` → `ZK_CONNECT`).
    static func environmentKey(for key: AbsoluteConfigKey) -> AbsoluteConfigKey {
        let name = key.components.joined(separator: ".")
        guard let variable = environment[name] else { return key }
        return AbsoluteConfigKey(variable.lowercased().split(separator: "_").map(String.init), context: key.context)
    }
}

/// The coordinator's command line: the flags it knows, and its `--help`.
enum BootstrapFlags {
    static let known: Set<String> = Set(
        BootstrapKey.all.map { "--" + $0.replacingOccurrences(of: ".", with: "-") } + [
            "--help", "-h", "--version", "--generate-completion-script",
        ]
    )

    static let usage = usageText + "\n\nEXIT CODES: " + ExitStatus.summary(codes) + "."

    /// The codes the coordinator exits with (`zkconfig`'s diff and conflict codes are not its).
    static let codes: [ExitStatus] = [
        .ok, .usage, .unavailable, .internalError, .portUnavailable, .noPermission, .invalidConfig,
    ]

    private static let usageText = """
        USAGE: coordinator [options]

        Starts the coordinator: connects to ZooKeeper, loads and validates its configuration,
        opens its session store, registers itself and serves HTTP. Settings come from flags,
        then environment variables, then a bootstrap file (Seata's names: config.type,
        config.zk.serverAddr, config.zk.sessionTimeout, config.zk.connectTimeout,
        config.zk.username, config.zk.password, config.zk.nodePath, config.file.name,
        console.user.username, console.user.password, seata.security.secretKey,
        seata.security.tokenValidityInMilliseconds; and console.host).

        coordinator sessions|locks|redrive|delete|login …  talk to a running coordinator's console
        (coordinator sessions --help).

        OPTIONS:
          --connect HOSTS          ZooKeeper connect string (env ZK_CONNECT; default 127.0.0.1:2181)
          --root PATH              root of the per-key layout (env ZK_ROOT; default /seata)
          --auth USER:PASSWORD     digest credentials (env ZK_AUTH)
          --timeout SECONDS        connect timeout (env ZK_TIMEOUT; default 5)
          --session-timeout SECONDS  ZooKeeper session timeout (env ZK_SESSION_TIMEOUT; default 6)
          --layout keys|node[:PATH]  per-key znodes (default) or one properties znode (env ZK_LAYOUT)
          --host HOST              transaction (Seata RPC) listen address (env SEATA_HOST; default 127.0.0.1)
          --port PORT              transaction port, 0 for any free one (env SEATA_PORT; default 8091)
          --advertise-host HOST    the address put into XIDs and registered for clients (env SEATA_IP;
                                   default the listen address, or this host's name when that is a wildcard)
          --http-host HOST         HTTP listen address (env HTTP_HOST; default 127.0.0.1)
          --http-port PORT         HTTP port, 0 for any free one (env HTTP_PORT; default 7091)
          --bootstrap FILE         bootstrap properties file (env COORDINATOR_BOOTSTRAP)
          --schema FILE            a config schema to use instead of the built-in one (env ZKCONFIG_SCHEMA)
          --config-type zk|file    where stored keys come from (env CONFIG_TYPE; default zk)
          --config-file FILE       the properties file for --config-type file (env CONFIG_FILE_NAME)
          --console-host HOST      the local address the console (/api/v1/console, /api/v1/auth, the page) answers
                                   on (env CONSOLE_HOST; default 127.0.0.1, loopback; 0.0.0.0 for any)
          --console-username NAME  the console user (env CONSOLE_USER_USERNAME; console.user.username; default seata)
          --console-password PASSWORD  its password (env CONSOLE_USER_PASSWORD; console.user.password; default seata)
          --console-secret-key KEY  the key console tokens are signed with (env SEATA_SECURITY_SECRETKEY;
                                   seata.security.secretKey; Seata's default, refused off loopback)
          --console-token-validity MILLISECONDS  how long a console token is valid (env
                                   SEATA_SECURITY_TOKENVALIDITYINMILLISECONDS; seata.security.tokenValidityInMilliseconds;
                                   default 1800000)
          --version                print the version and the built-in schema's version
          --generate-completion-script bash|zsh|fish  print a completion script for the shell
          -h, --help               show this help
        """

    /// Refuses flags the coordinator does not know (the swift-configuration CLI provider would
    /// ignore a typo silently), suggesting the closest known one.
    static func checkKnown(_ arguments: [String]) throws {
        for argument in arguments.dropFirst() where argument.hasPrefix("-") && !argument.hasPrefix("---") {
            let flag = String(argument.split(separator: "=", maxSplits: 1)[0])
            guard Double(flag) == nil, !known.contains(flag) else { continue }
            let hint = KeySuggester(names: known).suggestion(for: flag).map { "; did you mean \($0)?" } ?? ""
            throw BootstrapError("unknown option \(flag)\(hint) (see coordinator --help)")
        }
    }
}
