/// A configuration as loaded: what is stored, what runs, and what is wrong with it.
public struct LoadedConfig: Sendable {
    /// Where it was read (`keys under /seata`, `node /seata/seata.properties`, `file x.txt`).
    public var source: String
    /// The raw stored state with znode versions (nil for a local file).
    public var stored: StoredConfig?
    /// Exactly the stored values, with their znode (or file) origins; empty values included.
    public var storedValues: ConfigValues
    /// Environment overrides that apply (`STORE_MODE` → `store.mode`).
    public var overrides: ConfigValues
    /// What the coordinator runs with: stored values, overridden by the environment, with
    /// schema defaults for keys that are unset (missing or empty).
    public var effective: ConfigValues
    /// Every problem of the stored and overridden values, defaults considered.
    public var report: ValidationReport

    /// A loaded configuration from its parts.
    public init(
        source: String,
        stored: StoredConfig?,
        storedValues: ConfigValues,
        overrides: ConfigValues,
        effective: ConfigValues,
        report: ValidationReport
    ) {
        self.source = source
        self.stored = stored
        self.storedValues = storedValues
        self.overrides = overrides
        self.effective = effective
        self.report = report
    }

    /// True when nothing is stored at all (no root, no node, or no keys).
    public var isEmpty: Bool { storedValues.isEmpty }
}
