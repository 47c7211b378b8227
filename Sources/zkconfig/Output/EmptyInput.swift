import ConfigCenter

/// An input file without keys: a warning, and a refusal unless `--allow-empty` (with `--prune`
/// an empty file would delete every key; more often the wrong file was given).
enum EmptyInput {
    /// - Throws: `UsageError`-like `EmptyInputError` (exit 65) when `input` has no keys and that
    ///   is not allowed.
    static func check(_ input: SeedInput, allowed: Bool) throws {
        guard input.entries.isEmpty else { return }
        Console.message("warning: 0 keys in \(input.source)")
        guard allowed else { throw EmptyInputError(source: input.source) }
    }
}

/// A seed or diff input with no keys, without `--allow-empty`.
struct EmptyInputError: Error, CustomStringConvertible {
    let source: String

    var description: String {
        "\(source) holds no keys; nothing was written. Check the file, or pass --allow-empty if an empty "
            + "configuration is meant (with --prune it deletes every stored key)"
    }
}
