/// Where a configuration value came from, so a report can point a person at the place to fix it.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A line of a properties file on disk.
    case file(path: String, line: Int)
    /// One znode per key (the per-key layout), for example `/seata/store.mode`.
    case znode(path: String)
    /// A line of a properties text stored inside one znode (the single-node layout).
    case znodeProperties(path: String, line: Int)
    /// An environment variable that overrides a stored key, as Seata's `STORE_MODE` does.
    case environment(variable: String)
    /// The default value that the schema gives for a key nobody set.
    case schemaDefault
    /// A command-line flag.
    case commandLine(flag: String)
    /// The schema's default for a key that takes another key's value when unset
    /// (`store.session.mode` takes `store.mode`'s).
    case defaultFrom(key: String)

    /// The origin as a person reads it: `Config/config.txt:12`, `znode /seata/store.mode`,
    /// `znode /seata/seata.properties:3`, `environment STORE_MODE`, `schema default`,
    /// `command line --store-mode`, `schema default: the value of store.mode`.
    public var description: String {
        switch self {
        case .file(let path, let line): "\(path):\(line)"
        case .znode(let path): "znode \(path)"
        case .znodeProperties(let path, let line): "znode \(path):\(line)"
        case .environment(let variable): "environment \(variable)"
        case .schemaDefault: "schema default"
        case .commandLine(let flag): "command line \(flag)"
        case .defaultFrom(let key): "schema default: the value of \(key)"
        }
    }
}
