import ConfigCenter

/// Typed reads of an effective configuration, through the schema.
///
/// The configuration was validated before it was applied, so a value that does not parse here
/// can only be a key the schema does not type as expected; the caller's fallback (Seata's
/// default) is used then.
struct TypedConfig {
    let values: ConfigValues
    let schema: ConfigSchema

    private func typed(_ key: String) -> TypedValue? {
        guard let raw = values[key]?.value, !raw.isEmpty, let spec = schema.spec(for: key) else { return nil }
        return try? spec.parse(raw).get()
    }

    /// A `duration-ms` key (or a duration): nil when unset.
    func duration(_ key: String) -> Duration? {
        switch typed(key) {
        case .integer(let milliseconds): .milliseconds(milliseconds)
        case .duration(let duration): duration
        default: nil
        }
    }

    /// A whole number (`int`, `long`, or a size in bytes).
    func integer(_ key: String) -> Int64? {
        switch typed(key) {
        case .integer(let number), .size(let number): number
        default: nil
        }
    }

    /// A boolean.
    func bool(_ key: String) -> Bool? {
        if case .bool(let value) = typed(key) { return value }
        return nil
    }

    /// The text of a key, as stored (nil when unset or empty).
    func string(_ key: String) -> String? {
        guard let raw = values[key]?.value, !raw.isEmpty else { return nil }
        return raw
    }
}
