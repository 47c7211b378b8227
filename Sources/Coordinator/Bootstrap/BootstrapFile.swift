import ConfigCenter
import Configuration

/// A bootstrap properties file with Seata's names, as a swift-configuration provider over the
/// coordinator's setting keys.
///
/// `config.zk.sessionTimeout` and `config.zk.connectTimeout` are milliseconds in Seata; the
/// coordinator's settings are seconds, so they are converted here. `config.zk.username` and
/// `config.zk.password` together make the digest credentials. `config.zk.nodePath` selects
/// the single-node layout. Seata's console settings (`console.user.username`,
/// `console.user.password`, `seata.security.secretKey`, `seata.security.tokenValidityInMilliseconds`)
/// and `console.host` are read too. Other keys outside `config.` (a Seata file has `registry.*` too)
/// are ignored; an unknown `config.` key is refused, since a typo there would be silently ignored.
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
        "console.host": BootstrapKey.consoleHost,
        "console.user.username": BootstrapKey.consoleUsername,
        "console.user.password": BootstrapKey.consolePassword,
        "seata.security.secretKey": BootstrapKey.consoleSecretKey,
        "seata.security.tokenValidityInMilliseconds": BootstrapKey.consoleTokenValidity,
    ]

    /// The secret settings: kept out of every output.
    private static let secrets: Set<String> = [BootstrapKey.consolePassword, BootstrapKey.consoleSecretKey]

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
        for entry in document.entries where entry.key.hasPrefix("config.") || names[entry.key] != nil {
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
            case "config.zk.sessionTimeout", "config.zk.connectTimeout":
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
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(.string(value), isSecret: secrets.contains(key))
            origins[key] = "bootstrap file \(path):\(entry.line)"
        }
        if let (name, line) = user, !name.isEmpty {
            values[AbsoluteConfigKey(ConfigKey(BootstrapKey.auth))] = ConfigValue(
                .string("\(name):\(password?.0 ?? "")"),
                isSecret: true
            )
            origins[BootstrapKey.auth] = "bootstrap file \(path):\(line)"
        }
        return BootstrapFile(
            provider: InMemoryProvider(name: "bootstrap file \(path)", values: values),
            origins: origins
        )
    }
}
