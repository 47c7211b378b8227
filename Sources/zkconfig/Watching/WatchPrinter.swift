import ConfigCenter

/// Turns the states a `LiveConfig` publishes into one line per key that changed.
///
/// It remembers what it last reported of each watched key (value, znode, version) and
/// compares each new state with that, so a burst of writes read as one state prints the
/// final value once, and a state reloaded after a session expiry prints exactly what changed
/// during the outage.
struct WatchPrinter {
    private struct Reported: Equatable {
        var value: String
        var path: String
        var version: Int32?
    }

    /// The keys printed; empty means every key.
    let keys: Set<String>
    let format: ReportFormat
    let schema: ConfigSchema
    private var reported: [String: Reported]

    init(keys: Set<String>, format: ReportFormat, schema: ConfigSchema, initial: LoadedConfig) {
        self.keys = keys
        self.format = format
        self.schema = schema
        self.reported = Self.values(of: initial, keys: keys)
    }

    /// How many keys are watched now (for the "watching" line).
    var count: Int { keys.isEmpty ? reported.count : keys.count }

    /// The lines for `config`, the new state, in key order; remembers it.
    mutating func lines(for config: LoadedConfig) -> [String] {
        let next = Self.values(of: config, keys: keys)
        var lines: [String] = []
        for key in Set(reported.keys).union(next.keys).sorted() {
            let before = reported[key]
            let after = next[key]
            guard before?.value != after?.value else { continue }
            let change: KeyChange
            if let after {
                change = KeyChange(
                    key: key,
                    kind: before == nil ? .created : .changed,
                    value: after.value,
                    path: after.path,
                    version: after.version
                )
            } else {
                change = KeyChange(key: key, kind: .deleted, value: nil, path: before?.path ?? "", version: nil)
            }
            lines.append(change.line(format: format, schema: schema))
        }
        reported = next
        return lines
    }

    /// The stored values of the watched keys, each with the znode it came from and that
    /// znode's version.
    private static func values(of config: LoadedConfig, keys: Set<String>) -> [String: Reported] {
        var values: [String: Reported] = [:]
        for (key, value) in config.storedValues where keys.isEmpty || keys.contains(key) {
            let path: String
            var version: Int32?
            switch value.origin {
            case .znode(let znode):
                path = znode
                version = config.stored?.keys[key]?.stat.version
            case .znodeProperties(let node, _):
                path = node
                version = config.stored?.node?.stat.version
            default:
                continue
            }
            values[key] = Reported(value: value.value, path: path, version: version)
        }
        return values
    }
}
