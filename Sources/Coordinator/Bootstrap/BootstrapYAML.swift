import ConfigCenter
import Yams

/// Seata's `application.yml` as a bootstrap file: its `seata.config.*` settings and its
/// ZooKeeper registry (`seata.registry.type`, `seata.registry.zk.*`), under Seata's `config.`
/// and `registry.` names.
///
/// Spring binds `seata.config.zk.server-addr`, `serverAddr`, `server_addr` and `SERVERADDR` to
/// one property (relaxed binding), nested or dotted (`seata: {config: {zk: …}}` or
/// `seata.config.zk.server-addr: …`), so names are compared without case, dashes and
/// underscores. Everything else (`server.port`, `seata.registry.nacos`, `spring`) is not the
/// coordinator's and is ignored.
enum BootstrapYAML {
    /// The `config.` and `registry.` entries of an `application.yml`, each with its line.
    ///
    /// - Throws: `BootstrapError` for text that is not YAML (with where), an unknown
    ///   `seata.config` key, or a file without `seata.config` settings.
    static func entries(_ bytes: [UInt8], path: String) throws -> [BootstrapFile.Entry] {
        let root: Node?
        do {
            root = try compose(yaml: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw BootstrapError("bootstrap file \(path) is not valid YAML: \(error)")
        }
        var flat: [(key: [String], value: String, line: Int)] = []
        if let root { flatten(root, prefix: [], into: &flat) }
        let known = Dictionary(
            uniqueKeysWithValues: BootstrapFile.names.keys.map {
                (canonical($0.split(separator: ".").map(String.init)), $0)
            }
        )
        var entries: [BootstrapFile.Entry] = []
        for item in flat {
            let key = item.key.flatMap { $0.split(separator: ".").map(String.init) }
            guard key.count > 2, isRead(key) else { continue }
            // Seata's names drop the `seata.` of `seata.config.*` and `seata.registry.*` only.
            let name =
                ["seata.config", "seata.registry"].contains(canonical(Array(key.prefix(2))))
                ? Array(key.dropFirst()) : key
            guard let seata = known[canonical(name)] else {
                let written = key.joined(separator: ".")
                let hint = KeySuggester(
                    candidates: BootstrapFile.names.keys.map {
                        (name: canonical($0.split(separator: ".").map(String.init)), suggestion: "seata." + $0)
                    }
                )
                .suggestion(for: canonical(name))
                throw BootstrapError(
                    "\(path):\(item.line): unknown bootstrap key \(written)"
                        + (hint.map { "; did you mean \($0)?" } ?? "")
                        + " (known under seata.: \(BootstrapFile.names.keys.sorted().joined(separator: ", ")))"
                )
            }
            entries.append(BootstrapFile.Entry(key: seata, value: item.value, line: item.line))
        }
        guard !entries.isEmpty else {
            throw BootstrapError(
                "bootstrap file \(path) has no seata.config settings (Seata's application.yml has them under "
                    + "seata: config: type, zk: server-addr, …)"
            )
        }
        return entries
    }

    /// Whether the coordinator reads `key`: everything under `seata.config`, the ZooKeeper
    /// registry's settings under `seata.registry` (`type`, `zk.*`; other registries' blocks
    /// are not the coordinator's), and the console's `console.user.*` and `seata.security.*`.
    private static func isRead(_ key: [String]) -> Bool {
        switch canonical(Array(key.prefix(2))) {
        case "seata.config", "seata.security", "console.user": true
        case "seata.registry": ["type", "zk"].contains(canonical([key[2]]))
        default: false
        }
    }

    /// `seata.config.zk.serveraddr` for `["seata", "config", "zk", "server-addr"]`.
    static func canonical(_ parts: [String]) -> String {
        parts.map { $0.lowercased().filter { $0 != "-" && $0 != "_" } }.joined(separator: ".")
    }

    private static func flatten(
        _ node: Node,
        prefix: [String],
        into flat: inout [(key: [String], value: String, line: Int)]
    ) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                flatten(value, prefix: prefix + [name], into: &flat)
            }
        case .scalar(let scalar):
            // `username:` with nothing after it is null: unset, as Spring reads it.
            let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            flat.append((prefix, isNull ? "" : scalar.string, scalar.mark?.line ?? 0))
        case .sequence, .alias:
            break
        }
    }
}
