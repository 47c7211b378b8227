internal import CZooKeeper

extension ZooKeeperClient {
    /// Applies all the operations atomically: all of them, or none.
    ///
    /// - Returns: one result per operation, in order.
    /// - Throws: `ZooKeeperError` whose `code` and `path` are those of the first operation that
    ///   failed, and whose `operationCodes` hold every operation's code (`.ok` before it,
    ///   `.runtimeInconsistency` after it). Nothing was applied. `.requestTooLarge` when the
    ///   whole request exceeds the server's limit: split it, knowing the parts are not atomic
    ///   together.
    public func multi(_ operations: [MultiOperation]) async throws -> [MultiOperationResult] {
        guard !operations.isEmpty else { return [] }
        for op in operations { try validate(op.path) }
        let size = RequestSize.multi(operations)
        if size > core.maxRequestBytes {
            let dataBytes = operations.reduce(0) { total, op in
                switch op {
                case .create(_, let data, _, _), .set(_, let data, _): total + data.count
                case .delete, .check: total
                }
            }
            try core.checkSize(size, path: operations[0].path, dataCount: dataBytes)
        }
        let buffers = MultiBuffers(operations)
        let reply = try await core.call(path: operations[0].path, multi: buffers) { zh, context, _ in
            zoo_amulti(zh, Int32(buffers.count), buffers.ops, buffers.results, Completions.multi, context)
        }
        guard case .multi(let rc, let slots) = reply, slots.count == operations.count else {
            try core.check(reply.rc, path: operations[0].path)
            throw unexpected(reply, path: operations[0].path)
        }
        let codes = slots.map { ZooKeeperError.Code(rawValue: $0.rc) }
        if rc != ZOK.rawValue {
            let failed = codes.firstIndex { $0 != .ok && $0 != .runtimeInconsistency }
            var error = core.error(
                ZooKeeperError.Code(rawValue: failed.map { slots[$0].rc } ?? rc),
                path: failed.map { operations[$0].path } ?? operations[0].path,
                detail: failed.map { "operation \($0 + 1) of \(operations.count) in a multi; nothing was applied" }
            )
            // A connection loss or similar before the server answered leaves no per-op codes.
            error.operationCodes = failed == nil ? [] : codes
            throw error
        }
        return zip(operations, slots)
            .map { op, slot in
                switch op {
                case .create: .created(path: slot.createdPath ?? op.path)
                case .set: slot.stat.map { .set($0) } ?? .checked
                case .delete: .deleted
                case .check: .checked
                }
            }
    }
}
