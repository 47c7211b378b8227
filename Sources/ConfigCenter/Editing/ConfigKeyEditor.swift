public import ZooKeeper

/// Reads and writes single keys in either layout, as `zkconfig get`, `set` and `delete` do.
///
/// In the per-key layout a key is its own znode. In the single-node layout a key is a line of
/// the node's properties text: a write reads the node, changes that one key and writes the
/// node back guarded by the version it read, retrying when another writer got there first —
/// unless the caller gave a version, which then must be the node's.
public struct ConfigKeyEditor: Sendable {
    /// One key as stored.
    public struct StoredKey: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value's bytes.
        public var bytes: [UInt8]
        /// The znode that holds it (the key's own, or the single node).
        public var path: String
        /// That znode's version: what `set --version` and `delete --version` compare with.
        public var version: Int32

        /// The value as text (invalid UTF-8 replaced).
        public var value: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// What a write did.
    public struct Write: Sendable, Hashable {
        /// The znode written.
        public var path: String
        /// Its version after the write (nil when a per-key znode was deleted).
        public var version: Int32?
        /// Whether the key (or the single node) was created.
        public var created: Bool
    }

    /// The session.
    public let client: ZooKeeperClient
    /// Where keys live.
    public let layout: ConfigLayout
    /// The ACL of znodes a `set` creates (the key, the root, missing parents).
    public let acl: [ACLEntry]
    /// How often a single-node write is retried when the node changes under it.
    public let maxAttempts: Int

    /// An editor over `client`.
    public init(client: ZooKeeperClient, layout: ConfigLayout, acl: [ACLEntry] = .open, maxAttempts: Int = 5) {
        self.client = client
        self.layout = layout
        self.acl = acl
        self.maxAttempts = maxAttempts
    }

    /// The key as stored (after a `sync`), or nil when it is not.
    ///
    /// - Throws: `ZooKeeperError`; `SeedPlanError.unreadableNode` when the single node's text
    ///   does not parse.
    public func get(_ key: String) async throws -> StoredKey? {
        try await client.sync(layout.basePath)
        switch layout {
        case .perKey:
            let path = layout.path(of: key)
            do {
                let data = try await client.get(path)
                return StoredKey(key: key, bytes: data.bytes, path: path, version: data.stat.version)
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
        case .singleNode(let path, _):
            guard let node = try await readNode(path) else { return nil }
            guard let value = node.values[key] else { return nil }
            return StoredKey(key: key, bytes: Array(value.utf8), path: path, version: node.version)
        }
    }

    /// Sets a key, creating it (and the root or node, with parents) when missing.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - value: Its new value.
    ///   - expectedVersion: Compare-and-set: write only if the znode (the key's, or the single
    ///     node) is at this version.
    /// - Returns: The znode written and its new version.
    /// - Throws: `ZooKeeperError` `.badVersion` when `expectedVersion` does not match, `.noNode`
    ///   when it was given and the znode does not exist, `.noAuth` when an ACL refuses;
    ///   `MissingChrootError` when the connect string's chroot does not exist.
    public func set(_ key: String, value: String, expectedVersion: Int32? = nil) async throws -> Write {
        let data = Array(value.utf8)
        switch layout {
        case .perKey:
            let path = layout.path(of: key)
            if let expectedVersion {
                let stat = try await client.set(path, data: data, version: .exactly(expectedVersion))
                return Write(path: path, version: stat.version, created: false)
            }
            do {
                let stat = try await client.set(path, data: data)
                return Write(path: path, version: stat.version, created: false)
            } catch let error as ZooKeeperError where error.code == .noNode {
                do {
                    try await client.create(path, data: data, acl: acl, createParents: true)
                    return Write(path: path, version: 0, created: true)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    try await MissingChrootError.check(client)
                    throw error
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    // Created by someone else meanwhile: ours is the later write.
                    let stat = try await client.set(path, data: data)
                    return Write(path: path, version: stat.version, created: false)
                }
            }
        case .singleNode(let path, _):
            return try await rewriteNode(path, expectedVersion: expectedVersion) { values in
                values[key] = value
                return true
            }
        }
    }

    /// Deletes a key; returns nil when there was none (and no version was expected).
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - expectedVersion: Delete only if the znode (the key's, or the single node) is at this
    ///     version.
    /// - Returns: The znode written, or nil when the key did not exist.
    /// - Throws: `ZooKeeperError` `.badVersion` when `expectedVersion` does not match, `.noNode`
    ///   when it was given and the key does not exist, `.noAuth` when an ACL refuses.
    public func delete(_ key: String, expectedVersion: Int32? = nil) async throws -> Write? {
        switch layout {
        case .perKey:
            let path = layout.path(of: key)
            do {
                try await client.delete(path, version: expectedVersion.map { .exactly($0) } ?? .any)
                return Write(path: path, version: nil, created: false)
            } catch let error as ZooKeeperError where error.code == .noNode && expectedVersion == nil {
                return nil
            }
        case .singleNode(let path, _):
            var existed = false
            let write = try await rewriteNode(path, expectedVersion: expectedVersion, createIfMissing: false) {
                values in
                existed = values.removeValue(forKey: key) != nil
                return existed
            }
            return existed ? write : nil
        }
    }

    // MARK: The single node

    private struct Node {
        var order: [String]
        var values: [String: String]
        var version: Int32
    }

    private func readNode(_ path: String) async throws -> Node? {
        let data: ZNodeData
        do {
            data = try await client.get(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
        var order: [String] = []
        var values: [String: String] = [:]
        if !data.bytes.isEmpty {
            do {
                for entry in try PropertiesParser.parse(data.bytes, source: "znode \(path)").entries {
                    if values.updateValue(entry.value, forKey: entry.key) == nil { order.append(entry.key) }
                }
            } catch {
                throw SeedPlanError.unreadableNode(path: path, error: error)
            }
        }
        return Node(order: order, values: values, version: data.stat.version)
    }

    /// Reads the node, applies `change` (which says whether it changed anything), and writes the
    /// node back at the version read; retried on a conflict unless `expectedVersion` was given.
    private func rewriteNode(
        _ path: String,
        expectedVersion: Int32?,
        createIfMissing: Bool = true,
        change: (inout [String: String]) -> Bool
    ) async throws -> Write {
        var attempt = 0
        while true {
            attempt += 1
            let node = try await readNode(path)
            if let expectedVersion {
                guard let node else {
                    throw ZooKeeperError(.noNode, path: path, detail: "expected version \(expectedVersion)")
                }
                guard node.version == expectedVersion else {
                    throw ZooKeeperError(
                        .badVersion,
                        path: path,
                        detail: "expected version \(expectedVersion), it is at \(node.version)"
                    )
                }
            }
            guard node != nil || createIfMissing else {
                return Write(path: path, version: nil, created: false)
            }
            var values = node?.values ?? [:]
            guard change(&values) else {
                return Write(path: path, version: node?.version, created: false)
            }
            let order = (node?.order ?? []).filter { values[$0] != nil }
            let added = values.keys.filter { node?.values[$0] == nil }.sorted()
            let text = PropertiesWriter.write((order + added).map { (key: $0, value: values[$0]!) })
            do {
                if let node {
                    let stat = try await client.set(path, data: Array(text.utf8), version: .exactly(node.version))
                    return Write(path: path, version: stat.version, created: false)
                }
                try await client.create(path, data: Array(text.utf8), acl: acl, createParents: true)
                return Write(path: path, version: 0, created: true)
            } catch let error as ZooKeeperError where error.code == .noNode && node == nil {
                try await MissingChrootError.check(client)
                guard expectedVersion == nil && attempt < maxAttempts else { throw error }
                continue
            } catch let error as ZooKeeperError
                where expectedVersion == nil && attempt < maxAttempts
                && [.badVersion, .nodeExists, .noNode].contains(error.code)
            {
                continue
            }
        }
    }
}
