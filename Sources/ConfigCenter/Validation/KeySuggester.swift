/// Finds the name someone probably meant: the closest candidate by edit distance, when it is
/// close enough for the length of the name to be a likely typo.
///
/// Used for config keys, and for
/// any other names a person may mistype (flags, bootstrap keys).
public struct KeySuggester: Sendable {
    /// Candidate names, and the name to suggest for each (a renamed key suggests its new name).
    private let candidates: [(name: String, suggestion: String)]

    /// A suggester over names, and the name to suggest for each.
    public init(candidates: [(name: String, suggestion: String)]) {
        self.candidates = candidates
    }

    /// A suggester over names that suggest themselves.
    public init(names: some Sequence<String>) {
        self.candidates = names.map { (name: $0, suggestion: $0) }
    }

    /// The suggestion for the candidate closest to `name`, or nil when none is close enough.
    ///
    /// Case is ignored (`Store.Mode` suggests `store.mode`); the distance allowed grows with the
    /// length, one edit per five characters, at least one and at most four.
    public func suggestion(for name: String) -> String? {
        let lowered = Array(name.lowercased().unicodeScalars)
        let limit = Swift.min(4, Swift.max(1, lowered.count / 5))
        var best: (distance: Int, suggestion: String)?
        for candidate in candidates where candidate.name != name {
            let distance = Self.distance(lowered, Array(candidate.name.lowercased().unicodeScalars), limit: limit)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance
                || (distance == best!.distance && candidate.suggestion < best!.suggestion)
            {
                best = (distance, candidate.suggestion)
            }
        }
        return best?.suggestion
    }

    /// The optimal string alignment distance (Levenshtein plus adjacent transpositions), or
    /// something above `limit` as soon as it is known to exceed it.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
                }
                rowMinimum = Swift.min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
