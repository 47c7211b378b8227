import Foundation

/// What an AT branch's `applicationData` says about locking (Seata's `ATCore.branchSessionLock`).
public struct LockOptions: Sendable, Hashable {
    /// `"autoCommit":false`: the RM holds a local transaction open, so a conflict with a
    /// transaction that is rolling back fails fast (`LockKeyConflictFailFast`).
    public var autoCommit: Bool
    /// `"skipCheckLock":true`: the RM already checked; the store may skip its conflict query (the
    /// row key's uniqueness still refuses another transaction's row, never as fail-fast).
    public var skipCheckLock: Bool

    /// Options with Seata's defaults (auto-commit, checked).
    public init(autoCommit: Bool = true, skipCheckLock: Bool = false) {
        self.autoCommit = autoCommit
        self.skipCheckLock = skipCheckLock
    }

    /// The options in a branch's application data.
    ///
    /// Unreadable or non-object JSON gives the
    /// defaults (Seata logs and goes on), and only JSON booleans count.
    public init(applicationData: String) {
        self.init()
        // Most branches send none: skip Foundation's string search (on every AT registration).
        guard !applicationData.isEmpty,
            applicationData.contains("autoCommit") || applicationData.contains("skipCheckLock"),
            let flags = try? JSONDecoder().decode(Flags.self, from: Data(applicationData.utf8))
        else { return }
        if flags.autoCommit == false { autoCommit = false }
        if let skip = flags.skipCheckLock { skipCheckLock = skip }
    }

    private struct Flags: Decodable {
        var autoCommit: Bool?
        var skipCheckLock: Bool?

        enum CodingKeys: String, CodingKey {
            case autoCommit, skipCheckLock
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // A number or string where a boolean belongs is ignored, not an error.
            autoCommit = try? container.decodeIfPresent(Bool.self, forKey: .autoCommit)
            skipCheckLock = try? container.decodeIfPresent(Bool.self, forKey: .skipCheckLock)
        }
    }
}
