public import ZooKeeper

/// Turning a plan into guarded multi operations, cut to the server's request limit.
extension SeedPlan {
    /// The operations that apply the plan, in order: the missing ancestors, then one per key.
    ///
    /// Every key the plan read is guarded by the version it read: an update is a `set` at
    /// that version, a delete a `delete` at it, an unchanged or kept key a `check` at it, and a
    /// create fails if the node appeared meanwhile. A multi made of them therefore commits only
    /// if, at that instant, every key is as planned, so "unchanged" and "kept" are true of the
    /// tree the multi produced, not just of the one that was read.
    public func operations(acl: [ACLEntry]) -> [MultiOperation] {
        var operations: [MultiOperation] = missingAncestors.map { .create(path: $0, acl: acl) }
        if let nodeWrite {
            let data = Array(nodeWrite.text.utf8)
            if let version = nodeWrite.expectedVersion {
                operations.append(.set(path: nodeWrite.path, data: data, version: .exactly(version)))
            } else {
                operations.append(.create(path: nodeWrite.path, data: data, acl: acl))
            }
            return operations
        }
        for action in actions {
            switch action.kind {
            case .create:
                operations.append(.create(path: action.path, data: Array((action.value ?? "").utf8), acl: acl))
            case .update:
                operations.append(
                    .set(path: action.path, data: Array((action.value ?? "").utf8), version: guardVersion(action))
                )
            case .delete:
                operations.append(.delete(path: action.path, version: guardVersion(action)))
            case .unchanged, .kept:
                operations.append(.check(path: action.path, version: guardVersion(action)))
            case .skipped:
                if action.version != nil { operations.append(.check(path: action.path, version: guardVersion(action))) }
            }
        }
        return operations
    }

    /// The operations cut into multis of at most `limit` bytes each, in order.
    ///
    /// The missing ancestors are at the start of the first multi, so a later one never runs
    /// without its parents.
    public func batches(acl: [ACLEntry], limit: Int) -> [[MultiOperation]] {
        Self.batches(operations(acl: acl), limit: limit)
    }

    /// `operations` cut greedily into consecutive multis of at most `limit` bytes each.
    public static func batches(_ operations: [MultiOperation], limit: Int) -> [[MultiOperation]] {
        var batches: [[MultiOperation]] = []
        var current: [MultiOperation] = []
        var size = RequestSize.emptyMulti
        for operation in operations {
            let cost = RequestSize.inMulti(operation)
            if !current.isEmpty && size + cost > limit {
                batches.append(current)
                current = []
                size = RequestSize.emptyMulti
            }
            current.append(operation)
            size += cost
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func guardVersion(_ action: SeedAction) -> ExpectedVersion {
        action.version.map { .exactly($0) } ?? .any
    }
}
