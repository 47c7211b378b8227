public import SeataProtocol

/// The store queries and changes the operators' console needs, on top of a `SessionStore`: Seata's
/// console lists sessions and row locks with filters and pages, and releases a row lock by hand.
///
/// A separate protocol so a store can be written (and run transactions) before it serves the
/// console; the core asks for it with `as? any ConsoleSessionStore` and answers operators that
/// the store does not support the console otherwise. Everything else an operator does (stop,
/// re-drive, delete) goes through `SessionStore`'s own compare-and-set methods.
///
/// Each method says the SQL it stands for (PostgreSQL; table names from `store.db.globalTable`,
/// `store.db.branchTable`, `store.db.lockTable`).
public protocol ConsoleSessionStore: SessionStore {
    /// One page of the sessions matching `query`, newest begin first, and how many match in all.
    ///
    /// Every filter that is set must hold (exact matches, as Seata's db mode; its file mode matches
    /// substrings). Times are compared in whole seconds, as Seata does.
    ///
    /// `SELECT … FROM global_table WHERE [xid = ?] [AND application_id = ?] [AND status = ?]
    /// [AND transaction_name = ?] [AND transaction_service_group = ?] [AND begin_time / 1000 >= ? / 1000]
    /// [AND begin_time / 1000 <= ? / 1000] ORDER BY begin_time DESC, xid DESC LIMIT ? OFFSET ?`, the
    /// same `SELECT count(*) … WHERE …` for `total`, and when `withBranches`, `SELECT … FROM
    /// branch_table WHERE xid IN (…) ORDER BY gmt_create, branch_id` (lock keys rebuilt from
    /// `lock_table`), in one read transaction.
    func sessions(matching query: ConsoleSessionQuery) async throws -> ConsolePage<GlobalSession>

    /// One page of the held row locks matching `query`, newest transaction first, and how many
    /// match in all.
    ///
    /// `SELECT … FROM lock_table WHERE [xid = ?] [AND table_name = ?] [AND transaction_id = ?]
    /// [AND branch_id = ?] [AND pk = ?] [AND resource_id = ?] [AND xid IN (SELECT xid FROM global_table
    /// WHERE begin_time / 1000 >= ? / 1000 [AND begin_time / 1000 <= ? / 1000])] ORDER BY transaction_id
    /// DESC, row_key LIMIT ? OFFSET ?`, and the same `SELECT count(*) … WHERE …` for `total`.
    func locks(matching query: ConsoleLockQuery) async throws -> ConsolePage<RowLock>

    /// Releases one row lock held by `xid` (an operator's "delete lock"); false when `xid` does not
    /// hold that row.
    ///
    /// `DELETE FROM lock_table WHERE row_key = ? AND xid = ?` (Seata's own statement).
    func releaseLock(rowKey: String, xid: String, durability: Durability) async throws -> Bool
}

/// A page of results and how many there are in all.
public struct ConsolePage<Item: Sendable>: Sendable {
    /// The items of this page, in the query's order.
    public var items: [Item]
    /// How many items match, on every page.
    public var total: Int

    /// Makes a page.
    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

/// The console's session filters (Seata's `GlobalSessionParam`) and page.
public struct ConsoleSessionQuery: Sendable, Hashable {
    /// Only this session.
    public var xid: String?
    /// Only sessions of this TM application.
    public var applicationId: String?
    /// Only sessions in this status.
    public var status: GlobalStatus?
    /// Only transactions of this name.
    public var transactionName: String?
    /// Only sessions of this transaction service group (Seata's `vgroup`).
    public var transactionServiceGroup: String?
    /// Only sessions begun at or after this time (milliseconds since 1970; whole seconds count).
    public var beganFrom: Int64?
    /// Only sessions begun at or before this time (milliseconds since 1970; whole seconds count).
    public var beganUntil: Int64?
    /// Whether each session comes with its branches.
    public var withBranches: Bool
    /// How many matching sessions to skip (`(pageNum - 1) * pageSize`).
    public var offset: Int
    /// At most this many (`pageSize`).
    public var limit: Int

    /// Makes a query; without filters it matches every session.
    public init(
        xid: String? = nil,
        applicationId: String? = nil,
        status: GlobalStatus? = nil,
        transactionName: String? = nil,
        transactionServiceGroup: String? = nil,
        beganFrom: Int64? = nil,
        beganUntil: Int64? = nil,
        withBranches: Bool = false,
        offset: Int = 0,
        limit: Int = 20
    ) {
        self.xid = xid
        self.applicationId = applicationId
        self.status = status
        self.transactionName = transactionName
        self.transactionServiceGroup = transactionServiceGroup
        self.beganFrom = beganFrom
        self.beganUntil = beganUntil
        self.withBranches = withBranches
        self.offset = offset
        self.limit = limit
    }

    /// Whether `session` passes the filters (the file store's scan, and the reference for others).
    public func matches(_ session: GlobalSession) -> Bool {
        if let xid, session.xid != xid { return false }
        if let applicationId, session.applicationId != applicationId { return false }
        if let status, session.status != status { return false }
        if let transactionName, session.transactionName != transactionName { return false }
        if let transactionServiceGroup, session.transactionServiceGroup != transactionServiceGroup { return false }
        let second = session.beginTime / 1000
        if let beganFrom, second < beganFrom / 1000 { return false }
        if let beganUntil, second > beganUntil / 1000 { return false }
        return true
    }
}

/// The console's row-lock filters (Seata's `GlobalLockParam`) and page.
public struct ConsoleLockQuery: Sendable, Hashable {
    /// Only locks of this session.
    public var xid: String?
    /// Only rows of this table.
    public var tableName: String?
    /// Only locks of this transaction id.
    public var transactionId: Int64?
    /// Only locks this branch took.
    public var branchId: Int64?
    /// Only rows with this primary key (as the RM sent it).
    public var pk: String?
    /// Only rows of this resource.
    public var resourceId: String?
    /// Only locks of sessions begun at or after this time (milliseconds since 1970; whole seconds).
    public var beganFrom: Int64?
    /// Only locks of sessions begun at or before this time (milliseconds since 1970; whole seconds).
    public var beganUntil: Int64?
    /// How many matching locks to skip.
    public var offset: Int
    /// At most this many.
    public var limit: Int

    /// Makes a query; without filters it matches every lock.
    public init(
        xid: String? = nil,
        tableName: String? = nil,
        transactionId: Int64? = nil,
        branchId: Int64? = nil,
        pk: String? = nil,
        resourceId: String? = nil,
        beganFrom: Int64? = nil,
        beganUntil: Int64? = nil,
        offset: Int = 0,
        limit: Int = 20
    ) {
        self.xid = xid
        self.tableName = tableName
        self.transactionId = transactionId
        self.branchId = branchId
        self.pk = pk
        self.resourceId = resourceId
        self.beganFrom = beganFrom
        self.beganUntil = beganUntil
        self.offset = offset
        self.limit = limit
    }

    /// Whether `lock` passes the filters on its own columns (the time filters need its session).
    public func matches(_ lock: RowLock) -> Bool {
        if let xid, lock.xid != xid { return false }
        if let tableName, lock.tableName != tableName { return false }
        if let transactionId, lock.transactionId != transactionId { return false }
        if let branchId, lock.branchId != branchId { return false }
        if let pk, lock.pk != pk { return false }
        if let resourceId, lock.resourceId != resourceId { return false }
        return true
    }

    /// Whether the time filters let through a lock whose session began at `beginTime` (nil: the
    /// session is gone, which only passes when no time filter is set).
    public func matchesBegin(_ beginTime: Int64?) -> Bool {
        guard beganFrom != nil || beganUntil != nil else { return true }
        guard let beginTime else { return false }
        let second = beginTime / 1000
        if let beganFrom, second < beganFrom / 1000 { return false }
        if let beganUntil, second > beganUntil / 1000 { return false }
        return true
    }
}
