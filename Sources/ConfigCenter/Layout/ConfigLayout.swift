/// Where a configuration lives in ZooKeeper.
///
/// Seata reads either layout: one znode per key under a root (the default, and what its
/// `zk-config.sh` writes), or one znode holding a whole properties file
/// (`config.zk.nodePath`, default `/seata/seata.properties`).
public enum ConfigLayout: Sendable, Hashable, CustomStringConvertible {
    /// One znode per key: `ROOT/KEY`, the value as UTF-8 bytes. An empty znode means "unset".
    case perKey(root: String)
    /// One znode whose data is a properties file holding every key, with the per-key znodes
    /// under `root` beneath it.
    ///
    /// Seata's `ZookeeperConfiguration` reads the node first when it exists and is not blank,
    /// and falls back to `ROOT/KEY` for a key the node lacks; what it runs with is that
    /// effective view. Writes (seed, set, delete) go to the node only.
    case singleNode(path: String, root: String)

    /// Seata's default node for the single-node layout.
    public static let defaultNodePath = "/seata/seata.properties"

    /// Parses a `--layout` argument: `keys` (per-key under `root`), `node` (Seata's default
    /// node) or `node:PATH`; a node falls back to the keys under `root`.
    ///
    /// - Returns: nil when the text is none of those.
    public static func parse(_ text: String, root: String) -> ConfigLayout? {
        switch text {
        case "keys", "per-key": return .perKey(root: root)
        case "node": return .singleNode(path: defaultNodePath, root: root)
        default:
            guard text.hasPrefix("node:") else { return nil }
            let path = String(text.dropFirst("node:".count))
            guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/") else { return nil }
            return .singleNode(path: path, root: root)
        }
    }

    /// The znode path of `key` in the per-key layout, or the single node.
    public func path(of key: String) -> String {
        switch self {
        case .perKey(let root): Self.path(of: key, under: root)
        case .singleNode(let path, _): path
        }
    }

    /// `ROOT/KEY`, the znode of a key under a root.
    public static func path(of key: String, under root: String) -> String {
        root == "/" ? "/\(key)" : "\(root)/\(key)"
    }

    /// The root of the per-key znodes: the layout's own, or the one a single node falls back to.
    public var keysRoot: String {
        switch self {
        case .perKey(let root), .singleNode(_, let root): root
        }
    }

    /// The name of Seata's single node in its default place, `/seata/seata.properties`
    /// (`config.zk.nodePath`'s default), a child of the per-key root.
    public static let defaultNodeName = "seata.properties"

    /// The name of a child of the per-key root that is a single node, not a key.
    ///
    /// For the single-node layout, the node itself when it is a direct child of the root it falls
    /// back to (Seata's defaults: `/seata/seata.properties` beside `/seata/KEY`). For the per-key
    /// layout, `seata.properties`: Seata's node in its default place under any root (no Seata key
    /// has that name), which this layout does not read but never mistakes for a key, prunes or
    /// exports.
    public var nodeNameInRoot: String? {
        guard case .singleNode(let path, let root) = self else { return Self.defaultNodeName }
        let prefix = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let name = path.dropFirst(prefix.count)
        return name.contains("/") ? nil : String(name)
    }

    /// The root (per-key) or the node (single-node) this layout reads.
    public var basePath: String {
        switch self {
        case .perKey(let root): root
        case .singleNode(let path, _): path
        }
    }

    /// `keys under /seata` or `node /seata/seata.properties`.
    public var description: String {
        switch self {
        case .perKey(let root): "keys under \(root)"
        case .singleNode(let path, _): "node \(path)"
        }
    }
}
