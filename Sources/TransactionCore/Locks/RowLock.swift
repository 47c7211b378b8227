/// Whether a held row lock belongs to a transaction that is rolling back (`lock_table.status`).
public enum LockStatus: Int, Sendable, Hashable {
    /// Held by a transaction in phase one or committing.
    case locked = 0
    /// Held by a transaction that is rolling back: a conflicting RM with `autoCommit` false
    /// gets `LockKeyConflictFailFast` instead of retrying.
    case rollbacking = 1
}

/// One AT global row lock: a row of `lock_table`.
public struct RowLock: Sendable, Hashable {
    /// `resourceId^^^table^^^pk`, the primary key of `lock_table`.
    public var rowKey: String
    /// The holder's xid.
    public var xid: String
    /// The holder's transaction id.
    public var transactionId: Int64
    /// The branch that acquired the row (a re-entering branch of the same xid does not take it over).
    public var branchId: Int64
    /// The resource (database) of the row.
    public var resourceId: String
    /// The table of the row.
    public var tableName: String
    /// The row's primary key as the RM sent it (composite keys joined with `_`).
    public var pk: String
    /// Locked, or rolling back.
    public var status: LockStatus

    /// Makes a row lock; the row key is derived from resource, table and pk.
    public init(
        xid: String,
        transactionId: Int64,
        branchId: Int64,
        resourceId: String,
        tableName: String,
        pk: String,
        status: LockStatus = .locked
    ) {
        self.rowKey = LockKey.rowKey(resourceId: resourceId, tableName: tableName, pk: pk)
        self.xid = xid
        self.transactionId = transactionId
        self.branchId = branchId
        self.resourceId = resourceId
        self.tableName = tableName
        self.pk = pk
        self.status = status
    }
}
