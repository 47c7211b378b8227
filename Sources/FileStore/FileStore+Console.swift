public import TransactionCore

/// The console's queries, answered from the in-memory index (no I/O); a released lock is written
/// like every other change.
extension FileStore: ConsoleSessionStore {
    /// Scans the index: newest begin first.
    public func sessions(matching query: ConsoleSessionQuery) async throws -> ConsolePage<GlobalSession> {
        index.withLock { $0.consoleSessions(query) }
    }

    /// Scans the index's locks: newest transaction first.
    public func locks(matching query: ConsoleLockQuery) async throws -> ConsolePage<RowLock> {
        index.withLock { $0.consoleLocks(query) }
    }

    /// Drops the row from the index; the delete queued.
    public func releaseLock(rowKey: String, xid: String, durability: Durability) async throws -> Bool {
        try await perform(durability) { $0.releaseLock(rowKey: rowKey, xid: xid) }
    }
}
