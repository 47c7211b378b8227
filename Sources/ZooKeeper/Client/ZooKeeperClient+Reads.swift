internal import CZooKeeper

extension ZooKeeperClient {
    /// The node's metadata, or nil when there is no such node.
    public func exists(_ path: String) async throws -> ZNodeStat? {
        try validate(path)
        let reply = try await core.call(path: path) { zh, context, _ in
            zoo_aexists(zh, path, 0, Completions.stat, context)
        }
        return try existsResult(reply, path: path)
    }

    /// The node's metadata (nil when there is none) and a watch that fires when the node is
    /// created, changed or deleted.
    ///
    /// Watching a missing node is how to learn of its creation.
    public func existsAndWatch(_ path: String) async throws -> (stat: ZNodeStat?, watch: ZNodeWatch) {
        try validate(path)
        let (pending, watch) = newWatch(path)
        let reply = try await core.call(path: path, watch: pending, watchSurvivesNoNode: true) { zh, context, watcher in
            zoo_awexists(zh, path, Completions.pathWatcher, watcher, Completions.stat, context)
        }
        return (try existsResult(reply, path: path), watch)
    }

    /// The node's data and metadata.
    ///
    /// - Throws: `ZooKeeperError` `.noNode` ("no node /seata/store.mode") when it does not exist.
    public func get(_ path: String) async throws -> ZNodeData {
        try validate(path)
        let reply = try await core.call(path: path) { zh, context, _ in
            zoo_aget(zh, path, 0, Completions.data, context)
        }
        return try dataResult(reply, path: path)
    }

    /// The node's data and a watch that fires when it changes or is deleted.
    ///
    /// When the node does not exist this throws `.noNode` and no watch is left behind; use
    /// `existsAndWatch` to wait for it.
    public func getAndWatch(_ path: String) async throws -> (data: ZNodeData, watch: ZNodeWatch) {
        try validate(path)
        let (pending, watch) = newWatch(path)
        let reply = try await core.call(path: path, watch: pending) { zh, context, watcher in
            zoo_awget(zh, path, Completions.pathWatcher, watcher, Completions.data, context)
        }
        return (try dataResult(reply, path: path), watch)
    }

    /// The names (not paths) of the node's children, in the server's order.
    public func children(_ path: String) async throws -> [String] {
        try validate(path)
        let reply = try await core.call(path: path) { zh, context, _ in
            zoo_aget_children2(zh, path, 0, Completions.children, context)
        }
        return try childrenResult(reply, path: path).children
    }

    /// The children's names, the node's metadata, and a watch that fires when a child is
    /// added or removed (or the node is deleted).
    public func childrenAndWatch(_ path: String) async throws -> (
        children: [String], stat: ZNodeStat, watch: ZNodeWatch
    ) {
        try validate(path)
        let (pending, watch) = newWatch(path)
        let reply = try await core.call(path: path, watch: pending) { zh, context, watcher in
            zoo_awget_children2(zh, path, Completions.pathWatcher, watcher, Completions.children, context)
        }
        let result = try childrenResult(reply, path: path)
        return (result.children, result.stat, watch)
    }

    /// The node's ACL and metadata.
    public func getACL(_ path: String) async throws -> (acl: [ACLEntry], stat: ZNodeStat) {
        try validate(path)
        let reply = try await core.call(path: path) { zh, context, _ in
            zoo_aget_acl(zh, path, Completions.acl, context)
        }
        try core.check(reply.rc, path: path)
        guard case .acl(_, let entries, let stat?) = reply else { throw unexpected(reply, path: path) }
        return (entries, stat)
    }

    /// Waits until the server this session talks to has caught up with the leader for `path`,
    /// so that a following read sees every write committed before this call, even through a
    /// follower that lagged behind.
    ///
    /// Use it before a read that must see another client's write.
    public func sync(_ path: String = "/") async throws {
        try validate(path)
        let reply = try await core.call(path: path) { zh, context, _ in
            zoo_async(zh, path, Completions.string, context)
        }
        try core.check(reply.rc, path: path)
    }

    // MARK: helpers

    func validate(_ path: String) throws {
        try PathRules.validate(path, connectString: core.connectString)
    }

    func newWatch(_ path: String) -> (PendingWatch, ZNodeWatch) {
        let promise = WatchPromise()
        return (PendingWatch(owner: core, promise: promise, path: path), ZNodeWatch(promise: promise, path: path))
    }

    func unexpected(_ reply: Reply, path: String) -> ZooKeeperError {
        if case .closed = reply { return core.error(.closing, path: path) }
        return core.error(.marshallingError, path: path, detail: "unexpected reply from the C library")
    }

    private func existsResult(_ reply: Reply, path: String) throws -> ZNodeStat? {
        if reply.rc == ZNONODE.rawValue { return nil }
        try core.check(reply.rc, path: path)
        guard case .stat(_, let stat?) = reply else { throw unexpected(reply, path: path) }
        return stat
    }

    private func dataResult(_ reply: Reply, path: String) throws -> ZNodeData {
        try core.check(reply.rc, path: path)
        guard case .data(_, let bytes, let stat?) = reply else { throw unexpected(reply, path: path) }
        return ZNodeData(bytes: bytes, stat: stat)
    }

    private func childrenResult(_ reply: Reply, path: String) throws -> (children: [String], stat: ZNodeStat) {
        try core.check(reply.rc, path: path)
        guard case .children(_, let names, let stat?) = reply else { throw unexpected(reply, path: path) }
        return (names, stat)
    }
}
