/// Counted nouns in messages: `1 key`, `2 keys`; with a verb, `1 key differs`, `2 keys differ`.
enum Plural {
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `verb` is the singular form (`differs`); the plural drops its final `s`.
    static func count(_ count: Int, _ noun: String, verb: String) -> String {
        "\(self.count(count, noun)) \(count == 1 ? verb : String(verb.dropLast()))"
    }
}
