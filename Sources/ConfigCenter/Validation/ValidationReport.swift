/// Every problem found in a configuration at once, sorted by key, ready to show people or scripts.
public struct ValidationReport: Sendable, Hashable {
    /// The problems, sorted by key, then errors before warnings, then by kind.
    public let problems: [ValidationProblem]

    /// Makes a report; the problems are sorted.
    public init(problems: [ValidationProblem]) {
        let kindOrder = Dictionary(uniqueKeysWithValues: ValidationProblem.Kind.allCases.enumerated().map { ($1, $0) })
        self.problems = problems.sorted {
            ($0.key, $0.severity == .error ? 0 : 1, kindOrder[$0.kind]!)
                < ($1.key, $1.severity == .error ? 0 : 1, kindOrder[$1.kind]!)
        }
    }

    /// The problems that make the configuration invalid.
    public var errors: [ValidationProblem] { problems.filter { $0.severity == .error } }

    /// The problems worth fixing that do not make it invalid.
    public var warnings: [ValidationProblem] { problems.filter { $0.severity == .warning } }

    /// Whether the configuration has no errors (warnings allowed).
    public var isValid: Bool { !problems.contains { $0.severity == .error } }

    /// The problems about one key.
    public func problems(for key: String) -> [ValidationProblem] {
        problems.filter { $0.key == key }
    }
}

/// How to render a `ValidationReport`.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// Lines for people.
    case text
    /// A JSON document for scripts.
    case json
}

/// What a report is about, to say so in its rendering.
public struct ReportContext: Sendable {
    /// What was validated: "Config/config.txt", "ZooKeeper 127.0.0.1:2181 under /seata".
    public var subject: String?
    /// Where a missing key was looked for, appended to `missing` problems: `{ "no znode /seata/\($0)" }`.
    public var whereMissing: (@Sendable (_ key: String) -> String)?

    /// Makes a context.
    public init(subject: String? = nil, whereMissing: (@Sendable (_ key: String) -> String)? = nil) {
        self.subject = subject
        self.whereMissing = whereMissing
    }
}
