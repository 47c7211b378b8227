/// The kind of a branch transaction, with Seata's wire values (`BranchType`).
///
/// On the wire it is the ordinal byte; in `branch_table.branch_type` it is the name.
public enum BranchType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Automatic transaction: SQL undo logs and global row locks.
    case at = 0
    /// Try-Confirm-Cancel: the application's own phase-two actions.
    case tcc = 1
    /// Long-running transaction with compensations, reported by the TM.
    case saga = 2
    /// XA transaction in the database.
    case xa = 3

    /// Seata's name (`AT`, `TCC`, `SAGA`, `XA`), as stored in `branch_table.branch_type`.
    public var description: String {
        switch self {
        case .at: "AT"
        case .tcc: "TCC"
        case .saga: "SAGA"
        case .xa: "XA"
        }
    }

    /// The type named `name` as Seata stores it (`AT`, …), or nil.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = match
    }
}
