/// A key name that is written in configs but not read under that name: renamed, or a name the
/// code never used (Seata's stock config.txt has three).
public struct RenamedKey: Sendable, Hashable {
    /// The name found in configs.
    public var name: String
    /// The name the code reads instead; nil when nothing replaces it.
    public var replacement: String?
    /// Why, for people: where the names come from.
    public var reason: String

    /// Makes a renamed key.
    public init(name: String, replacement: String?, reason: String) {
        self.name = name
        self.replacement = replacement
        self.reason = reason
    }
}
