/// Where a configuration lives in ZooKeeper.
///
/// Seata reads either layout: one znode per key under a root (the default, and what its
/// `zk-config.sh` writes), or one znode holding a whole properties file
/// (`config.zk.nodePath`, default `/seata/seata.properties`).
public enum ConfigLayout: Sendable, Hashable, CustomStringConvertible {
    /// One znode per key: `ROOT/KEY`, the value as UTF-8 bytes. An empty znode means "unset".
    case perKey(root: String)
    /// One znode whose data is a properties file holding every key.
    case singleNode(path: String)

    /// Seata's default node for the single-node layout.
    public static let defaultNodePath = "/seata/seata.properties"

    /// Parses a `--layout` argument: `keys` (per-key under `root`), `node` (Seata's default
    /// node) or `node:PATH`.
    ///
    /// - Returns: nil when the text is none of those.
    public static func parse(_ text: String, root: String) -> ConfigLayout? {
        switch text {
        case "keys", "per-key": return .perKey(root: root)
        case "node": return .singleNode(path: defaultNodePath)
        default:
            guard text.hasPrefix("node:") else { return nil }
            let path = String(text.dropFirst("node:".count))
            guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/") else { return nil }
            return .singleNode(path: path)
        }
    }

    /// The znode path of `key` in the per-key layout, or the single node.
    public func path(of key: String) -> String {
        switch self {
        case .perKey(let root): root == "/" ? "/\(key)" : "\(root)/\(key)"
        case .singleNode(let path): path
        }
    }

    /// The root (per-key) or the node (single-node) this layout reads.
    public var basePath: String {
        switch self {
        case .perKey(let root): root
        case .singleNode(let path): path
        }
    }

    /// `keys under /seata` or `node /seata/seata.properties`.
    public var description: String {
        switch self {
        case .perKey(let root): "keys under \(root)"
        case .singleNode(let path): "node \(path)"
        }
    }
}
