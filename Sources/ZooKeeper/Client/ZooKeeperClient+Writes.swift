internal import CZooKeeper

extension ZooKeeperClient {
    /// Creates a node.
    ///
    /// - Parameters:
    ///   - path: The node to create.
    ///   - data: Its data.
    ///   - acl: Who may do what with it.
    ///   - mode: Persistent or ephemeral, sequential or not.
    ///   - createParents: Also create missing ancestors (persistent, empty, with the same ACL);
    ///     ancestors that exist already are left as they are.
    /// - Returns: The created node's path (with the sequence suffix for sequential modes).
    /// - Throws: `.nodeExists`, `.noNode` (parent missing), `.noAuth`, `.requestTooLarge`, …
    ///   After `.connectionLoss` the create may have landed: on retry, treat `.nodeExists` as
    ///   the question "is the value there mine?".
    @discardableResult
    public func create(
        _ path: String,
        data: [UInt8] = [],
        acl: [ACLEntry] = .open,
        mode: CreateMode = .persistent,
        createParents: Bool = false
    ) async throws -> String {
        try validate(path)
        try core.checkSize(
            RequestSize.create(path: path, dataCount: data.count, acl: acl),
            path: path,
            dataCount: data.count
        )
        if createParents { try await createAncestors(of: path, acl: acl) }
        let flags = mode.flags
        let reply = try await core.call(path: path) { zh, context, _ in
            withACLVector(acl) { vector in
                data.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        zoo_acreate2(
                            zh,
                            path,
                            chars.baseAddress,
                            Int32(chars.count),
                            vector,
                            flags,
                            Completions.stringStat,
                            context
                        )
                    }
                }
            }
        }
        try core.check(reply.rc, path: path)
        guard case .string(_, let created?, _) = reply else { throw unexpected(reply, path: path) }
        return created
    }

    /// Replaces a node's data.
    ///
    /// - Parameters:
    ///   - path: The node.
    ///   - data: Its new data.
    ///   - version: `.exactly(n)` makes this a compare-and-set: it fails with `.badVersion` if
    ///     someone changed the node since you read version `n`.
    /// - Returns: The node's metadata after the change.
    /// - Throws: `.noNode`, `.badVersion`, `.noAuth`, `.requestTooLarge`, `.connectionLoss`, …
    @discardableResult
    public func set(_ path: String, data: [UInt8], version: ExpectedVersion = .any) async throws -> ZNodeStat {
        try validate(path)
        try core.checkSize(RequestSize.set(path: path, dataCount: data.count), path: path, dataCount: data.count)
        let expected = version.raw
        let reply = try await core.call(path: path) { zh, context, _ in
            data.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    zoo_aset(zh, path, chars.baseAddress, Int32(chars.count), expected, Completions.stat, context)
                }
            }
        }
        try core.check(reply.rc, path: path, detail: reply.rc == ZBADVERSION.rawValue ? version.detail : nil)
        guard case .stat(_, let stat?) = reply else { throw unexpected(reply, path: path) }
        return stat
    }

    /// Deletes a node that has no children.
    ///
    /// - Parameters:
    ///   - path: The node.
    ///   - version: `.exactly(n)` deletes only if the node is still at version `n`.
    /// - Throws: `.noNode`, `.badVersion`, `.notEmpty`, `.noAuth`, `.connectionLoss`, …
    public func delete(_ path: String, version: ExpectedVersion = .any) async throws {
        try validate(path)
        let expected = version.raw
        let reply = try await core.call(path: path) { zh, context, _ in
            zoo_adelete(zh, path, expected, Completions.void, context)
        }
        try core.check(reply.rc, path: path, detail: reply.rc == ZBADVERSION.rawValue ? version.detail : nil)
    }

    /// Deletes a node and everything below it, children first, and returns how many nodes it
    /// deleted.
    ///
    /// Nodes that vanish meanwhile are fine; a missing `path` deletes nothing.
    /// Not atomic: another client may add children while it runs (then it fails `.notEmpty`).
    @discardableResult
    public func deleteRecursively(_ path: String) async throws -> Int {
        try validate(path)
        let names: [String]
        do {
            names = try await children(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return 0
        }
        var deleted = try await withThrowingTaskGroup(of: Int.self) { group in
            for name in names {
                group.addTask { try await self.deleteRecursively(PathRules.join(path, name)) }
            }
            return try await group.reduce(0, +)
        }
        guard path != "/" else { return deleted }
        do {
            try await delete(path)
            deleted += 1
        } catch let error as ZooKeeperError where error.code == .noNode {
        }
        return deleted
    }

    private func createAncestors(of path: String, acl: [ACLEntry]) async throws {
        var ancestors: [String] = []
        var current = PathRules.parent(of: path)
        while current != "/" {
            ancestors.append(current)
            current = PathRules.parent(of: current)
        }
        for ancestor in ancestors.reversed() {
            if try await exists(ancestor) != nil { continue }
            do {
                try await create(ancestor, acl: acl)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Someone else made it meanwhile: that is what we wanted.
            }
        }
    }
}
