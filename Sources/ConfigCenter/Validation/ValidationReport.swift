/// Every problem found in a configuration at once, sorted by key, ready to show people or scripts.
public struct ValidationReport: Sendable, Hashable {
    /// The problems, sorted by key, then errors before warnings, then by kind.
    public let problems: [ValidationProblem]

    /// Makes a report; the problems are sorted.
    public init(problems: [ValidationProblem]) {
        let kindOrder = Dictionary(uniqueKeysWithValues: ValidationProblem.Kind.allCases.enumerated().map { ($1, $0) })
        self.problems = problems.sorted {
            ($0.key, $0.severity.rank, kindOrder[$0.kind]!) < ($1.key, $1.severity.rank, kindOrder[$1.kind]!)
        }
    }

    /// The problems that make the configuration invalid.
    public var errors: [ValidationProblem] { problems.filter { $0.severity == .error } }

    /// The problems worth fixing that do not make it invalid.
    public var warnings: [ValidationProblem] { problems.filter { $0.severity == .warning } }

    /// Information that needs no action.
    public var notes: [ValidationProblem] { problems.filter { $0.severity == .note } }

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
    /// The `zkconfig` command line that reaches the validated configuration (`zkconfig
    /// --connect H --root /seata`); with it, each problem's fix is shown as commands.
    public var fixCommand: String?
    /// The values the report is about, listed with their origins after the problems (the
    /// effective view of a single node and the per-key znodes beside it); secrets redacted.
    public var listing: ConfigListing?

    /// Makes a context.
    public init(
        subject: String? = nil,
        whereMissing: (@Sendable (_ key: String) -> String)? = nil,
        fixCommand: String? = nil,
        listing: ConfigListing? = nil
    ) {
        self.subject = subject
        self.whereMissing = whereMissing
        self.fixCommand = fixCommand
        self.listing = listing
    }
}

/// Values to list beside a report, each with its origin.
public struct ConfigListing: Sendable {
    /// What the values are: "effective (node /seata/seata.properties first, then znodes under /seata)".
    public var title: String
    /// The values.
    public var values: ConfigValues
    /// Secrets are redacted by this schema.
    public var schema: ConfigSchema

    /// A listing of `values` under `title`.
    public init(title: String, values: ConfigValues, schema: ConfigSchema) {
        self.title = title
        self.values = values
        self.schema = schema
    }
}
