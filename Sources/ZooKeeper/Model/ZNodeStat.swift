internal import CZooKeeper

/// A znode's metadata, as the server reports it with every read and write.
public struct ZNodeStat: Sendable, Hashable {
    /// The zxid of the change that created the node.
    public var czxid: Int64
    /// The zxid of the change that last modified the node's data.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch.
    public var ctime: Int64
    /// Last modification time, milliseconds since the epoch.
    public var mtime: Int64
    /// The number of changes to the node's data; what `set` and `delete` compare against.
    public var version: Int32
    /// The number of changes to the node's children.
    public var cversion: Int32
    /// The number of changes to the node's ACL.
    public var aversion: Int32
    /// The session that owns the node if it is ephemeral; 0 otherwise.
    public var ephemeralOwner: Int64
    /// The length of the node's data in bytes.
    public var dataLength: Int32
    /// The number of children.
    public var numChildren: Int32
    /// The zxid of the change that last modified the node's children.
    public var pzxid: Int64

    /// True when the node is ephemeral (owned by a session).
    public var isEphemeral: Bool { ephemeralOwner != 0 }

    init(_ s: Stat) {
        czxid = s.czxid
        mzxid = s.mzxid
        ctime = s.ctime
        mtime = s.mtime
        version = s.version
        cversion = s.cversion
        aversion = s.aversion
        ephemeralOwner = s.ephemeralOwner
        dataLength = s.dataLength
        numChildren = s.numChildren
        pzxid = s.pzxid
    }
}

/// A znode's data together with its metadata at the time of the read.
public struct ZNodeData: Sendable, Hashable {
    /// The bytes stored in the node (empty for a node created without data).
    public var bytes: [UInt8]
    /// The node's metadata at the time of the read.
    public var stat: ZNodeStat

    /// Creates a value from bytes and metadata.
    public init(bytes: [UInt8], stat: ZNodeStat) {
        self.bytes = bytes
        self.stat = stat
    }

    /// The data decoded as UTF-8, or nil when it is not valid UTF-8.
    public var string: String? { String(validating: bytes, as: UTF8.self) }
}

/// How a node is created: whether it outlives its session and whether the server numbers it.
public enum CreateMode: Sendable, Hashable {
    /// Stays until deleted.
    case persistent
    /// Deleted by the server when the creating session ends.
    case ephemeral
    /// Persistent, with a monotonically increasing 10-digit suffix appended to the name.
    case persistentSequential
    /// Ephemeral, with a monotonically increasing 10-digit suffix appended to the name.
    case ephemeralSequential
    /// A container node: the server deletes it some time after its last child is gone.
    case container

    var flags: Int32 {
        switch self {
        case .persistent: ZOO_PERSISTENT
        case .ephemeral: ZOO_EPHEMERAL
        case .persistentSequential: ZOO_PERSISTENT_SEQUENTIAL
        case .ephemeralSequential: ZOO_EPHEMERAL_SEQUENTIAL
        case .container: ZOO_CONTAINER
        }
    }
}

/// The version argument of `set`, `delete` and `check`.
public enum ExpectedVersion: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// Apply whatever the node's current version is.
    case any
    /// Apply only if the node's version is exactly this.
    case exactly(Int32)

    /// `.exactly(n)` from an integer literal.
    public init(integerLiteral value: Int32) { self = .exactly(value) }

    var raw: Int32 {
        switch self {
        case .any: -1
        case .exactly(let v): v
        }
    }

    var detail: String? {
        switch self {
        case .any: nil
        case .exactly(let v): "expected version \(v)"
        }
    }
}
