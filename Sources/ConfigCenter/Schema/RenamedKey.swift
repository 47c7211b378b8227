/// A key name that is written in configs but not read under that name: renamed, or a name the
/// code never used (Seata's stock config.txt has three).
///
/// Such a key is a warning, never a refusal, as Spring Boot's properties migrator treats a
/// renamed property: the file every Seata user seeds must work. Where the old name means what
/// the new one does, its value is applied under the new name while the new one is unset
/// (`migrates`); where applying it would change behaviour, it is only reported.
public struct RenamedKey: Sendable, Hashable {
    /// The name found in configs.
    public var name: String
    /// The name the code reads instead; nil when nothing replaces it.
    public var replacement: String?
    /// Why, for people: where the names come from, and what renaming would do.
    public var reason: String
    /// Whether the value is applied under `replacement` when that is unset.
    public var migrates: Bool

    /// Makes a renamed key.
    public init(name: String, replacement: String?, reason: String, migrates: Bool = false) {
        self.name = name
        self.replacement = replacement
        self.reason = reason
        self.migrates = migrates
    }
}
