import ConfigCenter

/// Checks a `KEY` argument before it becomes a znode path.
enum KeyArgument {
    /// - Throws: `UsageError` (exit 64) when the key cannot be a znode name, or names Seata's single
    ///   node among the per-key znodes.
    static func check(_ key: String, layout: ConfigLayout) throws {
        if let reason = ConfigKeyName.validate(key) {
            throw UsageError("key '\(key)' \(reason); a key must be a single znode name")
        }
        if case .perKey(let root) = layout, key == layout.nodeNameInRoot {
            throw UsageError(
                "\(ConfigLayout.path(of: key, under: root)) is Seata's single-node configuration, not a key; "
                    + "its keys are read and written with --layout node"
            )
        }
    }
}
