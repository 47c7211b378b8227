public import ConfigCenter
import Configuration
import Foundation
public import ZooKeeper

/// Where the coordinator finds its configuration: which ZooKeeper, which root, which
/// credentials, where to serve HTTP.
///
/// Read with swift-configuration from command-line flags,
/// then environment variables, then an optional bootstrap file with Seata's names, so an
/// existing Seata `registry.conf`-style setup carries over.
public struct BootstrapSettings: Sendable {
    /// Where the stored keys come from.
    public enum Source: Sendable, Hashable {
        /// ZooKeeper (`config.type=zk`).
        case zooKeeper
        /// A local properties file (`config.type=file`, `config.file.name`).
        case file(path: String)
    }

    /// ZooKeeper or a local file.
    public var source: Source = .zooKeeper
    /// `host:port[,host:port…][/chroot]`.
    public var connectString = "127.0.0.1:2181"
    /// Where the keys are in ZooKeeper.
    public var layout: ConfigLayout = .perKey(root: "/seata")
    /// Digest credentials, if any.
    public var credentials: DigestCredentials?
    /// How long to wait for ZooKeeper at startup.
    public var connectTimeout: Duration = .seconds(5)
    /// The ZooKeeper session timeout to ask for (Seata's default: 6 s).
    public var sessionTimeout: Duration = .seconds(6)
    /// The transaction (Seata RPC) listen address.
    public var host = "127.0.0.1"
    /// The transaction port (Seata's default 8091; 0 picks a free one, the log says which).
    public var port = 8091
    /// The address put into XIDs and registered for clients, when given; otherwise the listen
    /// address (or, for a wildcard, this host's name).
    public var advertiseHost: String?
    /// The HTTP listen address.
    public var httpHost = "127.0.0.1"
    /// The HTTP port (0 picks a free one; the log says which).
    public var httpPort = 7091
    /// An explicit schema file, if given.
    public var schemaPath: String?
    /// Seata's ZooKeeper registry, when `registry.type=zk`; nil for `file` (no registration,
    /// Seata's default).
    public var registry: SeataRegistrySettings?
    /// The operators' console: where it answers, its user, its token key.
    public var console = ConsoleSettings()
    /// Where each setting came from (`flag --connect`, `environment ZK_CONNECT`,
    /// `bootstrap file b.conf:3`, `default`), by setting name.
    public var origins: [String: String] = [:]

    /// The per-key root, or the single node's path.
    public var root: String { layout.basePath }

    /// The ZooKeeper client configuration these settings describe.
    public var clientConfiguration: ZooKeeperClient.Configuration {
        ZooKeeperClient.Configuration(
            connectString: connectString,
            sessionTimeout: sessionTimeout,
            connectTimeout: connectTimeout,
            credentials: credentials
        )
    }

    /// A settings value with every default.
    public init() {}
}

extension BootstrapSettings {
    /// Reads the settings: flags first, then the environment, then the bootstrap file named
    /// by `--bootstrap` (or `COORDINATOR_BOOTSTRAP`).
    ///
    /// - Parameters:
    ///   - arguments: The command line, program name first.
    ///   - environment: The environment variables.
    /// - Returns: The settings.
    /// - Throws: `BootstrapError` for an unknown flag, a malformed value or an unreadable
    ///   bootstrap file, naming the flag, variable or file line.
    public static func resolve(arguments: [String], environment: [String: String]) throws -> BootstrapSettings {
        let flags = try BootstrapFlags.parse(arguments)
        let cli = InMemoryProvider(
            name: "flags",
            values: Dictionary(
                uniqueKeysWithValues: flags.map { key, value in
                    (
                        AbsoluteConfigKey(ConfigKey(key)),
                        ConfigValue(.string(value), isSecret: BootstrapKey.secrets.contains(key))
                    )
                }
            )
        )
        let env = EnvironmentVariablesProvider(
            environmentVariables: environment,
            secretsSpecifier: .specific([
                "ZK_AUTH", "REGISTRY_ZK_AUTH", "CONSOLE_USER_PASSWORD", "SEATA_SECURITY_SECRETKEY",
            ])
        )
        .mapKeys { BootstrapKey.environmentKey(for: $0) }
        var sources: [(name: String, provider: any ConfigProvider, origin: (String) -> String)] = [
            ("flags", cli, { "flag --\($0.replacingOccurrences(of: ".", with: "-"))" }),
            ("environment", env, { "environment \(BootstrapKey.environmentName(for: $0))" }),
        ]
        let fileReader = ConfigReader(providers: [cli, env])
        if let file = fileReader.string(forKey: ConfigKey(BootstrapKey.bootstrap)) {
            let bootstrap = try BootstrapFile.load(path: file)
            sources.append(
                ("bootstrap file", bootstrap.provider, { key in bootstrap.origins[key] ?? "bootstrap file \(file)" })
            )
        }
        let reader = ConfigReader(providers: sources.map(\.provider))
        var settings = BootstrapSettings()

        func value(_ key: String) -> String? {
            guard let text = reader.string(forKey: ConfigKey(key)) else { return nil }
            for source in sources where ConfigReader(provider: source.provider).string(forKey: ConfigKey(key)) != nil {
                settings.origins[key] = source.origin(key)
                break
            }
            return text
        }
        func origin(_ key: String) -> String { settings.origins[key] ?? "default" }

        if let type = value(BootstrapKey.configType) {
            switch type {
            case "zk", "zookeeper": settings.source = .zooKeeper
            case "file":
                guard let name = value(BootstrapKey.configFile), !name.isEmpty else {
                    throw BootstrapError(
                        "config.type=file (\(origin(BootstrapKey.configType))) needs config.file.name: the properties file to read"
                    )
                }
                settings.source = .file(path: name)
            default:
                throw BootstrapError(
                    "config.type '\(type)' (\(origin(BootstrapKey.configType))) is not one of: zk, file"
                )
            }
        }
        if let connect = value(BootstrapKey.connect) { settings.connectString = connect }
        var root = "/seata"
        if let given = value(BootstrapKey.root) {
            switch ConfigRoot.normalize(given) {
            case .success(let normalized): root = normalized
            case .failure(let refusal): throw BootstrapError("root \(refusal) (\(origin(BootstrapKey.root)))")
            }
        }
        settings.layout = .perKey(root: root)
        if let layout = value(BootstrapKey.layout) {
            guard let parsed = ConfigLayout.parse(layout, root: root) else {
                throw BootstrapError(
                    "layout '\(layout)' (\(origin(BootstrapKey.layout))) is not keys, node or node:/PATH"
                )
            }
            settings.layout = parsed
        }
        if let auth = value(BootstrapKey.auth), !auth.isEmpty {
            guard let credentials = DigestCredentials(auth) else {
                throw BootstrapError("credentials (\(origin(BootstrapKey.auth))) must be user:password")
            }
            settings.credentials = credentials
        }
        if let timeout = value(BootstrapKey.timeout) {
            settings.connectTimeout = try seconds(
                timeout,
                name: "connect timeout",
                origin: origin(BootstrapKey.timeout)
            )
        }
        if let timeout = value(BootstrapKey.sessionTimeout) {
            settings.sessionTimeout = try seconds(
                timeout,
                name: "session timeout",
                origin: origin(BootstrapKey.sessionTimeout)
            )
        }
        if let host = value(BootstrapKey.httpHost) { settings.httpHost = host }
        if let port = value(BootstrapKey.httpPort) {
            settings.httpPort = try portNumber(port, name: "HTTP port", origin: origin(BootstrapKey.httpPort))
        }
        if let host = value(BootstrapKey.host) { settings.host = host }
        if let port = value(BootstrapKey.port) {
            settings.port = try portNumber(port, name: "transaction port", origin: origin(BootstrapKey.port))
        }
        if let host = value(BootstrapKey.advertiseHost), !host.isEmpty {
            guard !["0.0.0.0", "::", "[::]"].contains(host) else {
                throw BootstrapError(
                    "advertise host '\(host)' (\(origin(BootstrapKey.advertiseHost))) is a wildcard; clients need an address they can reach"
                )
            }
            settings.advertiseHost = host
        }
        settings.schemaPath = value(BootstrapKey.schema)
        settings.registry = try registry(value, origin: origin, configConnect: settings.connectString)
        if let host = value(BootstrapKey.consoleHost) {
            guard ConsoleSettings.isAddress(host) else {
                throw BootstrapError(
                    "console host '\(host)' (\(origin(BootstrapKey.consoleHost))) is not an IP address; give the local "
                        + "address the console answers on (127.0.0.1, ::1, an address of this host, or 0.0.0.0 for any)"
                )
            }
            settings.console.host = host
        }
        if let name = value(BootstrapKey.consoleUsername) { settings.console.username = name }
        if let password = value(BootstrapKey.consolePassword) { settings.console.password = password }
        if let key = value(BootstrapKey.consoleSecretKey) { settings.console.secretKey = key }
        if let validity = value(BootstrapKey.consoleTokenValidity) {
            guard let milliseconds = Int64(validity), milliseconds > 0 else {
                throw BootstrapError(
                    "console token validity '\(validity)' (\(origin(BootstrapKey.consoleTokenValidity))) is not a "
                        + "positive number of milliseconds"
                )
            }
            settings.console.tokenValidity = .milliseconds(milliseconds)
        }
        for key in [BootstrapKey.consoleUsername, BootstrapKey.consolePassword, BootstrapKey.consoleSecretKey] {
            if let origin = settings.origins[key] { settings.console.origins[key] = origin }
        }
        return settings
    }

    private static func registry(
        _ value: (String) -> String?,
        origin: (String) -> String,
        configConnect: String
    ) throws -> SeataRegistrySettings? {
        let type = value(BootstrapKey.registryType) ?? "file"
        switch type {
        case "file": return nil
        case "zk", "zookeeper": break
        default:
            throw BootstrapError(
                "registry.type '\(type)' (\(origin(BootstrapKey.registryType))) is not one this coordinator registers in: zk, or file (no registration)"
            )
        }
        var registry = SeataRegistrySettings(connectString: value(BootstrapKey.registryConnect) ?? configConnect)
        if let cluster = value(BootstrapKey.registryCluster) {
            guard !cluster.isEmpty, !cluster.contains("/") else {
                throw BootstrapError(
                    "registry cluster '\(cluster)' (\(origin(BootstrapKey.registryCluster))) must be a non-empty name without '/'"
                )
            }
            registry.cluster = cluster
        }
        if let auth = value(BootstrapKey.registryAuth), !auth.isEmpty {
            guard let credentials = DigestCredentials(auth) else {
                throw BootstrapError(
                    "registry credentials (\(origin(BootstrapKey.registryAuth))) must be user:password"
                )
            }
            registry.credentials = credentials
        }
        if let timeout = value(BootstrapKey.registryTimeout) {
            registry.connectTimeout = try seconds(
                timeout,
                name: "registry connect timeout",
                origin: origin(BootstrapKey.registryTimeout)
            )
        }
        if let timeout = value(BootstrapKey.registrySessionTimeout) {
            registry.sessionTimeout = try seconds(
                timeout,
                name: "registry session timeout",
                origin: origin(BootstrapKey.registrySessionTimeout)
            )
        }
        return registry
    }

    private static func portNumber(_ text: String, name: String, origin: String) throws -> Int {
        guard let number = Int(text), (0...65535).contains(number) else {
            throw BootstrapError("\(name) '\(text)' (\(origin)) is not a port number (0–65535)")
        }
        return number
    }

    private static func seconds(_ text: String, name: String, origin: String) throws -> Duration {
        guard let value = Double(text), value > 0, value < 86_400 else {
            throw BootstrapError("\(name) '\(text)' (\(origin)) is not a positive number of seconds")
        }
        return .milliseconds(Int64(value * 1000))
    }
}

/// Where this coordinator registers for clients: Seata's ZooKeeper registry layout.
public struct SeataRegistrySettings: Sendable, Hashable {
    /// `registry.zk.cluster` (Seata's default: `default`): clients map their transaction group
    /// to it (`service.vgroupMapping.<group>`).
    public var cluster = "default"
    /// `registry.zk.serverAddr` (default: the configuration's ZooKeeper).
    public var connectString: String
    /// `registry.zk.username`/`password`.
    public var credentials: DigestCredentials?
    /// `registry.zk.connectTimeout` (Seata: 2,000 ms).
    public var connectTimeout: Duration = .seconds(2)
    /// `registry.zk.sessionTimeout` (Seata: 6,000 ms).
    public var sessionTimeout: Duration = .seconds(6)

    /// Settings for the registry at `connectString`, Seata's defaults otherwise.
    public init(connectString: String) {
        self.connectString = connectString
    }

    /// The ZooKeeper client configuration for the registry session.
    public var clientConfiguration: ZooKeeperClient.Configuration {
        ZooKeeperClient.Configuration(
            connectString: connectString,
            sessionTimeout: sessionTimeout,
            connectTimeout: connectTimeout,
            credentials: credentials
        )
    }
}

/// A bootstrap setting could not be read.
public struct BootstrapError: Error, CustomStringConvertible {
    /// What is wrong and where it came from.
    public var description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
