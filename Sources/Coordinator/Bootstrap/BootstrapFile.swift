import ConfigCenter
import Configuration

/// A bootstrap properties file with Seata's names, as a swift-configuration provider over the
/// coordinator's setting keys.
///
/// `config.zk.sessionTimeout` and `config.zk.connectTimeout` are milliseconds in Seata; the
/// coordinator's settings are seconds, so they are converted here. `config.zk.username` and
/// `config.zk.password` together make the digest credentials. `config.zk.nodePath` selects
/// the single-node layout. `registry.type` and `registry.zk.*` are Seata's ZooKeeper registry
/// (`registry.zk.*Timeout` in milliseconds too). Other keys (other registries' `registry.*`)
/// are ignored; an unknown `config.` or `registry.zk.` key is refused, since a typo there
/// would be silently ignored.
struct BootstrapFile {
    let provider: InMemoryProvider
    /// `bootstrap file PATH:LINE` by setting key.
    let origins: [String: String]

    private static let names: [String: String] = [
        "config.type": BootstrapKey.configType,
        "config.file.name": BootstrapKey.configFile,
        "config.zk.serverAddr": BootstrapKey.connect,
        "config.zk.root": BootstrapKey.root,
        "config.zk.sessionTimeout": BootstrapKey.sessionTimeout,
        "config.zk.connectTimeout": BootstrapKey.timeout,
        "config.zk.nodePath": BootstrapKey.layout,
        "config.zk.username": "",
        "config.zk.password": "",
        "registry.type": BootstrapKey.registryType,
        "registry.zk.cluster": BootstrapKey.registryCluster,
        "registry.zk.serverAddr": BootstrapKey.registryConnect,
        "registry.zk.sessionTimeout": BootstrapKey.registrySessionTimeout,
        "registry.zk.connectTimeout": BootstrapKey.registryTimeout,
        "registry.zk.username": "",
        "registry.zk.password": "",
    ]

    /// Whether the file's key is one this coordinator reads: every `config.` key, and
    /// `registry.type` and `registry.zk.*` (the other registries' keys are someone else's).
    private static func isRead(_ key: String) -> Bool {
        key.hasPrefix("config.") || key == "registry.type" || key.hasPrefix("registry.zk.")
    }

    static func load(path: String) throws -> BootstrapFile {
        let document: PropertiesDocument
        do {
            document = try PropertiesParser.parse(contentsOfFile: path)
        } catch {
            throw BootstrapError("bootstrap file: \(error)")
        }
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        var origins: [String: String] = [:]
        var user: (String, Int)?
        var password: (String, Int)?
        var registryUser: (String, Int)?
        var registryPassword: (String, Int)?
        for entry in document.entries where isRead(entry.key) {
            guard let key = names[entry.key] else {
                let hint = KeySuggester(names: names.keys).suggestion(for: entry.key)
                throw BootstrapError(
                    "\(path):\(entry.line): unknown bootstrap key \(entry.key)"
                        + (hint.map { "; did you mean \($0)?" } ?? "")
                        + " (known: \(names.keys.sorted().joined(separator: ", ")))"
                )
            }
            var value = entry.value
            switch entry.key {
            case "config.zk.username":
                user = (value, entry.line)
                continue
            case "config.zk.password":
                password = (value, entry.line)
                continue
            case "registry.zk.username":
                registryUser = (value, entry.line)
                continue
            case "registry.zk.password":
                registryPassword = (value, entry.line)
                continue
            case "config.zk.sessionTimeout", "config.zk.connectTimeout", "registry.zk.sessionTimeout",
                "registry.zk.connectTimeout":
                guard let milliseconds = Double(value), milliseconds > 0 else {
                    throw BootstrapError(
                        "\(path):\(entry.line): \(entry.key) '\(value)' is not a positive number of milliseconds"
                    )
                }
                value = String(milliseconds / 1000)
            case "config.zk.nodePath":
                value = "node:" + value
            default:
                break
            }
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(.string(value), isSecret: false)
            origins[key] = "bootstrap file \(path):\(entry.line)"
        }
        if let (name, line) = user, !name.isEmpty {
            values[AbsoluteConfigKey(ConfigKey(BootstrapKey.auth))] = ConfigValue(
                .string("\(name):\(password?.0 ?? "")"),
                isSecret: true
            )
            origins[BootstrapKey.auth] = "bootstrap file \(path):\(line)"
        }
        if let (name, line) = registryUser, !name.isEmpty {
            values[AbsoluteConfigKey(ConfigKey(BootstrapKey.registryAuth))] = ConfigValue(
                .string("\(name):\(registryPassword?.0 ?? "")"),
                isSecret: true
            )
            origins[BootstrapKey.registryAuth] = "bootstrap file \(path):\(line)"
        }
        return BootstrapFile(
            provider: InMemoryProvider(name: "bootstrap file \(path)", values: values),
            origins: origins
        )
    }
}
