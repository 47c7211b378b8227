public import Configuration

extension ZooKeeperProvider: ConfigProvider {
    /// `ZooKeeperProvider[keys under /seata]`.
    public var providerName: String { storage.withLock { $0.snapshot.providerName } }

    /// The value served now for `key`, converted to `type`.
    ///
    /// - Throws: `ZooKeeperProviderError` when the stored text is not of that type.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        try storage.withLock { $0.snapshot }.value(forKey: key, type: type)
    }

    /// The value served now; ZooKeeper is not asked again, since the live config keeps the
    /// snapshot current.
    public func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
        try value(forKey: key, type: type)
    }

    /// The value of `key` now, then each time an accepted change alters it.
    public func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey,
        type: ConfigType,
        updatesHandler: (
            _ updates: ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>
        ) async throws -> Return
    ) async throws -> Return {
        let name = TextConfigSnapshot.seataKey(key)
        let (stream, continuation) = AsyncStream<TextConfigSnapshot.Entry?>
            .makeStream(
                bufferingPolicy: .bufferingNewest(1)
            )
        let id = storage.withLock { s in
            defer { s.nextID += 1 }
            s.valueWatchers[name, default: [:]][s.nextID] = continuation
            continuation.yield(s.snapshot.entries[name])
            return s.nextID
        }
        defer { storage.withLock { _ = $0.valueWatchers[name]?.removeValue(forKey: id) } }
        let updates = stream.map { entry -> Result<LookupResult, any Error> in
            guard let entry else { return .success(LookupResult(encodedKey: name, value: nil)) }
            return Result {
                LookupResult(encodedKey: name, value: try TextConfigSnapshot.convert(entry, key: name, to: type))
            }
        }
        return try await updatesHandler(ConfigUpdatesAsyncSequence(updates))
    }

    /// The values served now, as one consistent snapshot.
    public func snapshot() -> any ConfigSnapshot {
        storage.withLock { $0.snapshot }
    }

    /// The snapshot now, then one after each accepted change.
    public func watchSnapshot<Return: ~Copyable>(
        updatesHandler: (_ updates: ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
    ) async throws -> Return {
        let (stream, continuation) = AsyncStream<TextConfigSnapshot>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = storage.withLock { s in
            defer { s.nextID += 1 }
            s.snapshotWatchers[s.nextID] = continuation
            continuation.yield(s.snapshot)
            return s.nextID
        }
        defer { storage.withLock { _ = $0.snapshotWatchers.removeValue(forKey: id) } }
        return try await updatesHandler(ConfigUpdatesAsyncSequence(stream.map { $0 as any ConfigSnapshot }))
    }
}
