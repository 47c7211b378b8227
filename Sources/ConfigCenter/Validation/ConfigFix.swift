/// One write that fixes a problem, for a report to show as a command an operator can paste.
public enum ConfigFix: Sendable, Hashable {
    /// Set a key; `value` is nil when it is a secret the operator must supply.
    case set(key: String, value: String?)
    /// Delete a key.
    case delete(key: String)

    /// The `zkconfig` subcommand, quoted for a POSIX shell: `set KEY 'VALUE'` (a secret as
    /// `"$VALUE"`, a value starting with `-` after `--`), or `delete KEY`.
    public var subcommand: String {
        switch self {
        case .set(let key, let value?):
            let quoted = Self.quote(value)
            return "set \(Self.quote(key)) " + (value.hasPrefix("-") ? "-- " : "") + quoted
        case .set(let key, nil):
            return "set \(Self.quote(key)) \"$VALUE\""
        case .delete(let key):
            return "delete \(Self.quote(key))"
        }
    }

    /// The key written.
    public var key: String {
        switch self {
        case .set(let key, _), .delete(let key): key
        }
    }

    /// `text` as one POSIX shell word: as it is when it needs no quoting, else in single quotes.
    public static func shellWord(_ text: String) -> String { quote(text) }

    static func quote(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "._-:/,=+@%".unicodeScalars.contains($0)
            }
        if plain { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
