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
    static let registryType = "registry.type"
    static let registryCluster = "registry.cluster"
    static let registryConnect = "registry.connect"
    static let registryAuth = "registry.auth"
    static let registryTimeout = "registry.timeout"
    static let registrySessionTimeout = "registry.session.timeout"
    static let consoleHost = "console.host"
    static let consoleUsername = "console.username"
    static let consolePassword = "console.password"
    static let consoleSecretKey = "console.secret.key"
    static let consoleTokenValidity = "console.token.validity"

    /// The settings whose values are secret: kept out of every output.
    static let secrets: Set<String> = [auth, registryAuth, consolePassword, consoleSecretKey]

    /// Every setting, in the order `--help` lists them.
    static let all = [
        connect, root, auth, timeout, sessionTimeout, layout, host, port, advertiseHost, httpHost, httpPort, bootstrap,
        schema, configType, configFile, registryType, registryCluster, registryConnect, registryAuth, registryTimeout,
        registrySessionTimeout, consoleHost, consoleUsername, consolePassword, consoleSecretKey, consoleTokenValidity,
    ]

    /// The environment variable for each setting.
    static let environment: [String: String] = [
        connect: "ZK_CONNECT", root: "ZK_ROOT", auth: "ZK_AUTH", timeout: "ZK_TIMEOUT",
        sessionTimeout: "ZK_SESSION_TIMEOUT", layout: "ZK_LAYOUT", httpHost: "HTTP_HOST", httpPort: "HTTP_PORT",
        host: "SEATA_HOST", port: "SEATA_PORT", advertiseHost: "SEATA_IP",
        bootstrap: "COORDINATOR_BOOTSTRAP", schema: "ZKCONFIG_SCHEMA", configType: "CONFIG_TYPE",
        configFile: "CONFIG_FILE_NAME", registryType: "REGISTRY_TYPE", registryCluster: "REGISTRY_ZK_CLUSTER",
        registryConnect: "REGISTRY_ZK_SERVER_ADDR", registryAuth: "REGISTRY_ZK_AUTH",
        registryTimeout: "REGISTRY_ZK_CONNECT_TIMEOUT", registrySessionTimeout: "REGISTRY_ZK_SESSION_TIMEOUT",
        consoleHost: "CONSOLE_HOST",
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
            "--help", "-h", "--version", "--generate-completion-script", initStore,
        ]
    )

    /// Creates the db store's tables and exits (`coordinator --init-store`).
    static let initStore = "--init-store"

    static let usage = usageText + "\n\nEXIT CODES: " + ExitStatus.summary(codes) + "."

    /// The codes the coordinator exits with (`zkconfig`'s diff and conflict codes are not its).
    static let codes: [ExitStatus] = [
        .ok, .usage, .unavailable, .internalError, .portUnavailable, .noPermission, .invalidConfig,
    ]

    private static let usageText = """
        USAGE: coordinator [options]

        Starts the coordinator: connects to ZooKeeper, loads and validates its configuration,
        opens its session store, binds its ports, registers itself and serves. Settings come
        from flags (each once, with a value: --flag VALUE or --flag=VALUE), then environment
        variables, then a bootstrap file: properties with Seata's names (config.type,
        config.zk.serverAddr, config.zk.sessionTimeout, config.zk.connectTimeout,
        config.zk.username, config.zk.password, config.zk.nodePath, config.file.name,
        registry.type, registry.zk.cluster, registry.zk.serverAddr, registry.zk.sessionTimeout,
        registry.zk.connectTimeout, registry.zk.username, registry.zk.password,
        console.user.username, console.user.password, seata.security.secretKey,
        seata.security.tokenValidityInMilliseconds; and console.host), or Seata's application.yml
        (seata.config.*, seata.registry.type, seata.registry.zk.*; Spring's relaxed names).

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
          --registry-type zk|file  zk: register in Seata's ZooKeeper registry, /registry/zk/CLUSTER/IP:PORT
                                   (env REGISTRY_TYPE; default file: no registration, as Seata)
          --registry-cluster NAME  the registry cluster (env REGISTRY_ZK_CLUSTER; default default)
          --registry-connect HOSTS the registry's ZooKeeper (env REGISTRY_ZK_SERVER_ADDR; default --connect)
          --registry-auth USER:PASSWORD  digest credentials for the registry (env REGISTRY_ZK_AUTH)
          --registry-timeout SECONDS     registry connect timeout (env REGISTRY_ZK_CONNECT_TIMEOUT; default 2)
          --registry-session-timeout SECONDS  registry session timeout (env REGISTRY_ZK_SESSION_TIMEOUT;
                                   default 6)
          --init-store             create Seata's tables in the store.mode=db database (one transaction,
                                   nothing half-created; existing tables are kept) and exit
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

    /// The value of each setting given as a flag, by setting key (`--http-port 7093` is
    /// `http.port`: `7093`), read strictly: each flag once, each with a value (`--flag VALUE` or
    /// `--flag=VALUE`), and nothing else on the line.
    ///
    /// swift-configuration's command-line provider is not used for these: it reads a repeated
    /// flag, and a value with a comma (`zk1:2181,zk2:2181`), as an array, which a string setting
    /// then ignores silently, falling back to the environment or the default; and it skips a
    /// flag without a value and a stray word.
    ///
    /// - Throws: `BootstrapError` naming the flag: unknown (with the closest known one), given
    ///   twice, without a value; or an unexpected argument.
    static func parse(_ arguments: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        var given: [String: String] = [:]
        var index = arguments.index(after: arguments.startIndex)
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument.count > 1 else {
                throw BootstrapError(
                    "unexpected argument '\(argument)': the coordinator takes only options (see coordinator --help)"
                )
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let flag = String(parts[0])
            guard known.contains(flag) else {
                let hint = KeySuggester(names: known).suggestion(for: flag).map { "; did you mean \($0)?" } ?? ""
                throw BootstrapError("unknown option \(flag)\(hint) (see coordinator --help)")
            }
            guard let key = settingKey(flag) else {
                // --help, --version, --generate-completion-script SHELL: handled before settings.
                if flag == "--generate-completion-script", parts.count == 1 { index += 1 }
                continue
            }
            let value: String
            if parts.count == 2 {
                value = String(parts[1])
            } else {
                guard index < arguments.endIndex, !arguments[index].hasPrefix("--") else {
                    throw BootstrapError("\(flag) needs a value: \(flag) \(valueName(flag)) (see coordinator --help)")
                }
                value = arguments[index]
                index += 1
            }
            if let earlier = given[key] {
                let shown = BootstrapKey.secrets.contains(key) ? "" : " ('\(earlier)', then '\(value)')"
                throw BootstrapError("\(flag) is given twice\(shown); give it once")
            }
            given[key] = value
            values[key] = value
        }
        return values
    }

    /// The setting a flag sets, nil for the flags that are not settings.
    private static func settingKey(_ flag: String) -> String? {
        let key = String(flag.dropFirst(2)).replacingOccurrences(of: "-", with: ".")
        return BootstrapKey.all.contains(key) ? key : nil
    }

    /// `HOSTS` for `--connect`: the value's name in `--help`.
    private static func valueName(_ flag: String) -> String {
        for line in usageText.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first.map(String.init) == flag, words.count > 1 { return String(words[1]) }
        }
        return "VALUE"
    }
}
