/// One operation of an atomic `multi`: all of them are applied, or none.
public enum MultiOperation: Sendable, Hashable {
    /// Create a node.
    case create(path: String, data: [UInt8] = [], acl: [ACLEntry] = .open, mode: CreateMode = .persistent)
    /// Replace a node's data, if its version matches.
    case set(path: String, data: [UInt8], version: ExpectedVersion = .any)
    /// Delete a node, if its version matches.
    case delete(path: String, version: ExpectedVersion = .any)
    /// Apply nothing, but fail the whole `multi` unless the node exists with this version.
    case check(path: String, version: ExpectedVersion)

    /// The node the operation is about.
    public var path: String {
        switch self {
        case .create(let path, _, _, _), .set(let path, _, _), .delete(let path, _), .check(let path, _): path
        }
    }
}

/// The result of one operation of a successful `multi`.
public enum MultiOperationResult: Sendable, Hashable {
    /// The node was created under this name (with its sequence suffix, if sequential).
    case created(path: String)
    /// The data was replaced; the node's metadata afterwards.
    case set(ZNodeStat)
    /// The node was deleted.
    case deleted
    /// The version check passed.
    case checked
}
