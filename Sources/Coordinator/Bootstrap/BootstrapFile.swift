import ConfigCenter
import Configuration

/// A bootstrap file with Seata's names, as a swift-configuration provider over the
/// coordinator's setting keys.
///
/// Two forms: a properties file (`config.type=zk`, `config.zk.serverAddr=…`, as in the
/// `config` block of Seata's `registry.conf`), or Seata's own `application.yml`, whose
/// `seata.config.*` settings are read with Spring's relaxed names (`server-addr`, `serverAddr`
/// and `server_addr` are one name). A file in which no bootstrap setting is found — Seata's HOCON
/// `registry.conf` itself, say — is refused with what it looks like, never read as "no
/// settings".
///
/// `config.zk.sessionTimeout` and `config.zk.connectTimeout` are milliseconds in Seata; the
/// coordinator's settings are seconds, so they are converted here. `config.zk.username` and
/// `config.zk.password` together make the digest credentials. `config.zk.nodePath` selects
/// the single-node layout. `registry.type` and `registry.zk.*` are Seata's ZooKeeper registry
/// (`registry.zk.*Timeout` in milliseconds too). Seata's console settings
/// (`console.user.username`, `console.user.password`, `seata.security.secretKey`,
/// `seata.security.tokenValidityInMilliseconds`) and `console.host` are read too. Other keys
/// (other registries' `registry.*`) are ignored; an unknown `config.` or `registry.zk.` key is
/// refused, since a typo there would be silently ignored.
struct BootstrapFile {
    let provider: InMemoryProvider
    /// `bootstrap file PATH:LINE` by setting key.
    let origins: [String: String]

    /// One setting as the file writes it, under Seata's `config.` name.
    struct Entry {
        var key: String
        var value: String
        var line: Int
    }

    /// Seata's names and the settings they set (empty: the credentials, read together).
    static let names: [String: String] = [
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
        "console.host": BootstrapKey.consoleHost,
        "console.user.username": BootstrapKey.consoleUsername,
        "console.user.password": BootstrapKey.consolePassword,
        "seata.security.secretKey": BootstrapKey.consoleSecretKey,
        "seata.security.tokenValidityInMilliseconds": BootstrapKey.consoleTokenValidity,
    ]

    /// Whether the file's key is one this coordinator reads: every `config.` key,
    /// `registry.type` and `registry.zk.*` (the other registries' keys are someone else's), and
    /// the console's settings.
    private static func isRead(_ key: String) -> Bool {
        key.hasPrefix("config.") || key == "registry.type" || key.hasPrefix("registry.zk.") || names[key] != nil
    }

    static func load(path: String) throws -> BootstrapFile {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path)
        } catch {
            throw BootstrapError("bootstrap file \(error)")
        }
        let lowered = path.lowercased()
        let entries =
            lowered.hasSuffix(".yml") || lowered.hasSuffix(".yaml")
            ? try BootstrapYAML.entries(bytes, path: path)
            : try propertiesEntries(bytes, path: path)
        return try make(entries, path: path)
    }

    /// The `config.` entries of a properties file.
    private static func propertiesEntries(_ bytes: [UInt8], path: String) throws -> [Entry] {
        let document: PropertiesDocument
        do {
            document = try PropertiesParser.parse(bytes, source: path)
        } catch {
            throw BootstrapError("bootstrap file: \(error)")
        }
        let entries = document.entries.filter { isRead($0.key) }
            .map { Entry(key: $0.key, value: $0.value, line: $0.line) }
        guard entries.isEmpty else { return entries }
        let text = String(decoding: bytes, as: UTF8.self)
        if BootstrapFormat.looksLikeHOCON(text) {
            throw BootstrapError(
                "bootstrap file \(path) is HOCON (the format of Seata's registry.conf), which the coordinator does "
                    + "not read: write its config block as properties (config.type=zk, config.zk.serverAddr=HOST:PORT, "
                    + "…), or give Seata's application.yml"
            )
        }
        throw BootstrapError(
            "bootstrap file \(path) sets none of the coordinator's settings (\(document.entries.count) keys, none "
                + "starting with config. or registry.): expected Seata's names, "
                + names.keys.sorted().joined(separator: ", ")
        )
    }

    private static func make(_ entries: [Entry], path: String) throws -> BootstrapFile {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        var origins: [String: String] = [:]
        var user: (String, Int)?
        var password: (String, Int)?
        var registryUser: (String, Int)?
        var registryPassword: (String, Int)?
        for entry in entries {
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
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(
                .string(value),
                isSecret: BootstrapKey.secrets.contains(key)
            )
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

/// Telling file formats apart, to name the one a bootstrap file is in when it is not ours.
enum BootstrapFormat {
    /// Whether `text` has HOCON blocks (`registry {`, `config {`) as Seata's registry.conf does.
    static func looksLikeHOCON(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline)
            .contains { line in
                let trimmed = line.trimmingPrefix { $0 == " " || $0 == "\t" }
                guard let brace = trimmed.firstIndex(of: "{") else { return false }
                let name = trimmed[..<brace].trimmingSuffix { $0 == " " || $0 == "\t" }
                return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
            }
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
