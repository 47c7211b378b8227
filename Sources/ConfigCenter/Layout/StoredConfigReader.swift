public import ZooKeeper

/// Reads what a layout holds, consistently and fast.
///
/// - A `sync` first, so the read sees every write committed before it, even through a
///   follower that lags behind (a load right after a seed made through another member).
/// - The per-key reads are pipelined on the session (the client bounds what is in flight),
///   so 10,000 keys cost about as long as the server needs to answer them, not 10,000 round trips.
/// - A key deleted between listing and reading is simply absent: the result is a state the
///   tree was in, key by key; callers that need one instant use the versions to guard writes.
public struct StoredConfigReader: Sendable {
    /// The session to read through.
    public let client: ZooKeeperClient

    /// A reader over `client`.
    public init(client: ZooKeeperClient) {
        self.client = client
    }

    /// Reads the whole configuration of `layout`.
    ///
    /// - Parameters:
    ///   - layout: Per-key root or single node.
    ///   - sync: Sync the session's server with the leader first (on by default).
    ///   - fallback: For a single node, also read the per-key znodes under its root, which
    ///     Seata falls back to for keys the node lacks (what a load needs; a seed of the node
    ///     does not).
    /// - Returns: What is stored; `isAbsent` when the root or node does not exist.
    /// - Throws: `ZooKeeperError` (connection loss, no auth, …), never `.noNode` for the base.
    public func read(_ layout: ConfigLayout, sync: Bool = true, fallback: Bool = false) async throws -> StoredConfig {
        if sync { try await client.sync(layout.basePath) }
        switch layout {
        case .perKey(let root):
            return try await readKeys(root: root, layout: layout)
        case .singleNode(let path, let root):
            // Both at once: one round trip for the node, the listing pipelined beside it.
            async let keys: StoredConfig? = fallback ? try await readKeys(root: root, layout: layout) : nil
            let node: StoredConfig.Entry?
            do {
                let data = try await client.get(path)
                node = .init(path: path, bytes: data.bytes, stat: data.stat)
            } catch let error as ZooKeeperError where error.code == .noNode {
                node = nil
            } catch {
                _ = try? await keys
                throw error
            }
            let fallbackKeys = try await keys
            return StoredConfig(
                layout: layout,
                baseStat: node?.stat,
                keys: fallbackKeys?.keys ?? [:],
                node: node,
                nestedKeys: fallbackKeys?.nestedKeys ?? []
            )
        }
    }

    private func readKeys(root: String, layout: ConfigLayout) async throws -> StoredConfig {
        let listed: [String]
        let rootStat: ZNodeStat
        do {
            // Both in flight at once: one round trip, not two.
            async let stat = client.exists(root)
            async let listing = client.children(root)
            guard let stat = try await stat else {
                _ = try? await listing
                return StoredConfig(layout: layout, baseStat: nil)
            }
            rootStat = stat
            listed = try await listing
        } catch let error as ZooKeeperError where error.code == .noNode {
            return StoredConfig(layout: layout, baseStat: nil)  // deleted between the two
        }
        // A single node among the keys (this layout's own, or Seata's beside the per-key znodes)
        // is not a key.
        let nodeName = layout.nodeNameInRoot
        let names = listed.filter { $0 != nodeName }
        let (outputs, failure) = await PipelinedReads.perform(names, on: client) {
            [client] name -> StoredConfig.Entry? in
            let path = ConfigLayout.path(of: name, under: root)
            do {
                let data = try await client.get(path)
                return StoredConfig.Entry(path: path, bytes: data.bytes, stat: data.stat)
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil  // deleted since the listing: absent, as if read a moment later
            }
        }
        if let failure { throw failure }
        var read: [String: StoredConfig.Entry] = [:]
        read.reserveCapacity(names.count)
        for case (let name, let entry??) in zip(names, outputs) { read[name] = entry }
        let nested = read.filter { $0.value.stat.numChildren > 0 }.map(\.key)
        var beside: String?
        if case .perKey = layout, let nodeName, listed.contains(nodeName) {
            beside = ConfigLayout.path(of: nodeName, under: root)
        }
        return StoredConfig(
            layout: layout,
            baseStat: rootStat,
            keys: read,
            nestedKeys: nested.sorted(),
            nodeBesideKeys: beside
        )
    }
}
