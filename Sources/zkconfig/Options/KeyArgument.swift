import ConfigCenter

/// Checks a `KEY` argument before it becomes a znode path.
enum KeyArgument {
    /// - Throws: `UsageError` (exit 64) when the key cannot be a znode name.
    static func check(_ key: String) throws {
        if let reason = ConfigKeyName.validate(key) {
            throw UsageError("key '\(key)' \(reason); a key must be a single znode name")
        }
    }
}
