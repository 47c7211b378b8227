/// An error from ZooKeeper or from this client, with what a person needs to act on it.
///
/// `code` is what a program matches on; it carries the C library's error numbers and is open
/// to numbers this client does not know. `description` is what a person reads: it names the
/// znode path or the connect string involved and never contains node data or credentials.
public struct ZooKeeperError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A ZooKeeper or client error code; the raw values are the C library's `ZOO_ERRORS`.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The C library's error number (or one of this client's own, below -1000).
        public let rawValue: Int32

        /// Wraps an error number, known or not.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Success; appears only in per-operation results of a `multi`.
        public static let ok = Code(rawValue: 0)
        /// A runtime inconsistency; in a failed `multi`, the code of the operations that were rolled back.
        public static let runtimeInconsistency = Code(rawValue: -2)
        /// The connection to the server was lost.
        ///
        /// The request may or may not have been applied.
        public static let connectionLoss = Code(rawValue: -4)
        /// The C library could not encode or decode a message.
        public static let marshallingError = Code(rawValue: -5)
        /// The operation timed out.
        public static let operationTimeout = Code(rawValue: -7)
        /// An argument was refused by the C library (a malformed path, for example).
        public static let badArguments = Code(rawValue: -8)
        /// The handle is in a state in which it accepts no requests.
        public static let invalidState = Code(rawValue: -9)
        /// The node does not exist.
        public static let noNode = Code(rawValue: -101)
        /// The node's ACL does not allow this client the operation.
        public static let noAuth = Code(rawValue: -102)
        /// The node's version is not the one expected.
        public static let badVersion = Code(rawValue: -103)
        /// Ephemeral nodes cannot have children.
        public static let noChildrenForEphemerals = Code(rawValue: -108)
        /// The node already exists.
        public static let nodeExists = Code(rawValue: -110)
        /// The node has children and cannot be deleted.
        public static let notEmpty = Code(rawValue: -111)
        /// The server expired the session; a new client (a new session) is needed.
        public static let sessionExpired = Code(rawValue: -112)
        /// The ACL is invalid (for example `auth` without credentials added to the session).
        public static let invalidACL = Code(rawValue: -114)
        /// The server refused the session's credentials.
        public static let authFailed = Code(rawValue: -115)
        /// The client is closing or closed.
        public static let closing = Code(rawValue: -116)
        /// The server throttled the request and did not execute it; retry.
        public static let throttled = Code(rawValue: -127)

        /// No server answered within the connect timeout (this client's own code).
        public static let connectTimeout = Code(rawValue: -1001)
        /// A request is larger than the server accepts (`jute.maxbuffer`), refused before sending.
        public static let requestTooLarge = Code(rawValue: -1002)
        /// The connect string or a path is not valid (this client's own check).
        public static let invalidArgument = Code(rawValue: -1003)
        /// A watch ended without an event: the server no longer watches the node.
        public static let watchRemoved = Code(rawValue: -1004)
        /// No host name of the connect string resolves to an address (this client's own code).
        ///
        /// Like `connectTimeout`, the servers cannot be reached now: a name server may be down, or
        /// a name is misspelt.
        public static let unresolvedHost = Code(rawValue: -1005)

        /// A short name for the code, as ZooKeeper's Java client spells it.
        public var description: String {
            switch self {
            case .ok: "OK"
            case .runtimeInconsistency: "RuntimeInconsistency"
            case .connectionLoss: "ConnectionLoss"
            case .marshallingError: "MarshallingError"
            case .operationTimeout: "OperationTimeout"
            case .badArguments: "BadArguments"
            case .invalidState: "InvalidState"
            case .noNode: "NoNode"
            case .noAuth: "NoAuth"
            case .badVersion: "BadVersion"
            case .noChildrenForEphemerals: "NoChildrenForEphemerals"
            case .nodeExists: "NodeExists"
            case .notEmpty: "NotEmpty"
            case .sessionExpired: "SessionExpired"
            case .invalidACL: "InvalidACL"
            case .authFailed: "AuthFailed"
            case .closing: "Closing"
            case .throttled: "Throttled"
            case .connectTimeout: "ConnectTimeout"
            case .requestTooLarge: "RequestTooLarge"
            case .invalidArgument: "InvalidArgument"
            case .watchRemoved: "WatchRemoved"
            case .unresolvedHost: "UnresolvedHost"
            default: "ZooKeeperError(\(rawValue))"
            }
        }
    }

    /// What went wrong, for programs to match.
    public var code: Code
    /// The znode path the operation was about, when there is one.
    public var path: String?
    /// The connect string of the client that failed, when the failure concerns the connection.
    public var connectString: String?
    /// Extra words for a person (an expected version, a size, a limit); never node data or secrets.
    public var detail: String?
    /// For a failed `multi`: each operation's code, in order (`.ok` before the failure,
    /// `.runtimeInconsistency` after it).
    ///
    /// Empty otherwise.
    public var operationCodes: [Code]

    /// Creates an error; most code receives these from the client rather than making them.
    public init(
        _ code: Code,
        path: String? = nil,
        connectString: String? = nil,
        detail: String? = nil,
        operationCodes: [Code] = []
    ) {
        self.code = code
        self.path = path
        self.connectString = connectString
        self.detail = detail
        self.operationCodes = operationCodes
    }

    /// The index of the first failing operation of a failed `multi`, if this is one.
    public var failedOperationIndex: Int? {
        operationCodes.firstIndex { $0 != .ok && $0 != .runtimeInconsistency }
    }

    /// True for errors after which the same request may succeed on the same session.
    public var isRetryable: Bool {
        code == .connectionLoss || code == .operationTimeout || code == .throttled
    }

    /// A sentence a person can act on, naming the path or connect string.
    public var description: String {
        let node = path.map { " \($0)" } ?? ""
        let server = connectString.map { " \($0)" } ?? ""
        var text: String
        switch code {
        case .noNode: text = "no node\(node)"
        case .nodeExists: text = "node\(node) already exists"
        case .badVersion: text = "version conflict on\(node): it was changed by someone else"
        case .noAuth: text = "not authenticated for\(node): its ACL refuses this client (check the credentials)"
        case .notEmpty: text = "node\(node) has children and cannot be deleted"
        case .noChildrenForEphemerals: text = "node\(node) is ephemeral and cannot have children"
        case .invalidACL: text = "invalid ACL for\(node)"
        case .connectionLoss:
            text =
                "connection to ZooKeeper\(server) lost during the request\(node.isEmpty ? "" : " on\(node)");"
                + " it may or may not have been applied"
        case .operationTimeout: text = "ZooKeeper\(server) did not answer in time\(node.isEmpty ? "" : " for\(node)")"
        case .sessionExpired:
            text = "the ZooKeeper session\(server.isEmpty ? "" : " with\(server)") expired; a new session is needed"
        case .authFailed: text = "ZooKeeper\(server) refused the credentials"
        case .closing: text = "the ZooKeeper client\(server.isEmpty ? "" : " for\(server)") is closed"
        case .connectTimeout: text = "could not connect to ZooKeeper at\(server.isEmpty ? " (no servers)" : server)"
        case .unresolvedHost: text = "could not reach ZooKeeper at\(server.isEmpty ? " (no servers)" : server)"
        case .requestTooLarge: text = "request for\(node) is larger than the server accepts"
        case .invalidArgument, .badArguments: text = "invalid argument\(node.isEmpty ? "" : " for\(node)")"
        case .watchRemoved: text = "the watch on\(node) was removed by the server"
        case .throttled: text = "ZooKeeper\(server) throttled the request\(node.isEmpty ? "" : " on\(node)"); retry"
        case .invalidState: text = "the ZooKeeper session\(server.isEmpty ? "" : " with\(server)") accepts no requests"
        default: text = "ZooKeeper error \(code.rawValue) (\(code))\(node.isEmpty ? "" : " on\(node)")"
        }
        if let detail { text += ": \(detail)" }
        return text
    }
}
