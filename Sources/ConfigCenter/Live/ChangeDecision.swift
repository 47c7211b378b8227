/// The rules by which `LiveConfig` applies or refuses a configuration read from ZooKeeper.
enum ChangeDecision {
    /// Whether `candidate` may replace `current`.
    ///
    /// A valid candidate is always accepted; an invalid one is refused while the current
    /// configuration is valid. When the current one is itself invalid (a generic user of the
    /// provider may start that way), a candidate with no more errors is accepted, so that
    /// fixing things one key at a time works.
    static func accepts(_ candidate: LoadedConfig, over current: LoadedConfig) -> Bool {
        if candidate.report.isValid { return true }
        if current.report.isValid { return false }
        return candidate.report.errors.count <= current.report.errors.count
    }

    /// The keys whose effective value or origin differs between `old` and `new`.
    static func changedKeys(from old: LoadedConfig, to new: LoadedConfig) -> Set<String> {
        let before = old.effective.dictionary
        let after = new.effective.dictionary
        var changed = Set<String>()
        for (key, value) in after where before[key] != value { changed.insert(key) }
        for key in before.keys where after[key] == nil { changed.insert(key) }
        return changed
    }
}
