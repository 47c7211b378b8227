public import Foundation

/// What `LiveConfig` did with one change it read from ZooKeeper.
public enum LiveConfigChange: Sendable {
    /// The change was valid (or no worse than an invalid current configuration) and is now current.
    ///
    /// `changedKeys` are the keys whose effective value or origin changed; it is empty only when
    /// ZooKeeper went back to the current configuration after a rejected change (the rejection
    /// is over).
    case accepted(LoadedConfig, changedKeys: Set<String>)
    /// The change was invalid; the current configuration stays as it was.
    case rejected(LiveConfigRejection)
}

/// A change that `LiveConfig` refused to apply, and why.
public struct LiveConfigRejection: Sendable {
    /// The configuration ZooKeeper holds now, which was not applied.
    public var candidate: LoadedConfig
    /// The keys whose effective value or origin differs from the current configuration.
    public var changedKeys: Set<String>
    /// The candidate's problems; its errors are the reasons for the rejection.
    public var report: ValidationReport
    /// When the change was rejected.
    public var at: Date

    /// A rejection from its parts.
    public init(candidate: LoadedConfig, changedKeys: Set<String>, report: ValidationReport, at: Date = Date()) {
        self.candidate = candidate
        self.changedKeys = changedKeys
        self.report = report
        self.at = at
    }

    /// The errors as `key: reason` lines, without values (safe to log: no secret is shown).
    public var reasons: [String] { report.errors.map { $0.summary() } }
}
