import SeataProtocol

extension TransactionCoordinator {
    /// Whether the store serves the console's queries (`ConsoleSessionStore`).
    public var servesConsole: Bool { store is any ConsoleSessionStore }

    /// One page of sessions for the console (Seata's globalSession/query).
    ///
    /// - Throws: `OperatorError` `.unsupported` when the store has no console queries, `.storeFailed`.
    public func consoleSessions(_ query: ConsoleSessionQuery) async throws(OperatorError) -> ConsolePage<GlobalSession>
    {
        let store = try consoleStore()
        do {
            return try await store.sessions(matching: query)
        } catch {
            throw OperatorError(.storeFailed, "Could not list global sessions: \(error)")
        }
    }

    /// One page of row locks for the console (Seata's globalLock/query).
    ///
    /// - Throws: `OperatorError` `.unsupported` when the store has no console queries, `.storeFailed`.
    public func consoleLocks(_ query: ConsoleLockQuery) async throws(OperatorError) -> ConsolePage<RowLock> {
        let store = try consoleStore()
        do {
            return try await store.locks(matching: query)
        } catch {
            throw OperatorError(.storeFailed, "Could not list row locks: \(error)")
        }
    }

    /// The session `xid` with its branches, or nil.
    ///
    /// - Throws: `OperatorError` `.storeFailed`.
    public func consoleSession(xid: String) async throws(OperatorError) -> GlobalSession? {
        try await operatorRead(xid)
    }

    func consoleStore() throws(OperatorError) -> any ConsoleSessionStore {
        guard let store = store as? any ConsoleSessionStore else {
            throw OperatorError(
                .unsupported,
                "This coordinator's session store does not serve the console's queries (it does not implement "
                    + "ConsoleSessionStore)"
            )
        }
        return store
    }

    func operatorRead(_ xid: String) async throws(OperatorError) -> GlobalSession? {
        do {
            return try await read(xid)
        } catch {
            throw OperatorError(.storeFailed, error.message)
        }
    }
}
