/// How a ``SeataClient`` introduces itself to coordinators, and its timeouts.
///
/// The defaults are Seata's Java client's: `transport.rpcTmRequestTimeout` 30 s,
/// `transport.rpcRmRequestTimeout` 15 s, a heartbeat after 5 s without writing.
public struct SeataClientConfiguration: Sendable, Hashable {
    /// The application's id, sent with RegisterTM and RegisterRM (Seata's `applicationId`).
    public var applicationId: String
    /// The transaction service group: Seata's `txServiceGroup`, such as `default_tx_group`.
    public var transactionServiceGroup: String
    /// Which connections to open to each coordinator: a TM connection, an RM connection, or both.
    public var roles: SeataClientRoles = .all
    /// The client version sent at registration.
    ///
    /// Coordinators compare it with Seata's versions (a Java coordinator answers merged requests
    /// with a BatchResult only from 1.5.0); this client speaks protocol v1 as Seata 2.x does.
    public var version = "2.3.0"
    /// The `extraData` sent with RegisterTM and RegisterRM ("" for none; the Java client sends
    /// `key=value` lines such as `ak`, `digest`, `vgroup`, `ip`).
    public var registrationExtraData = ""
    /// How long a TM request (begin, commit, rollback, status, report) waits for its answer.
    public var tmRequestTimeout: Duration = .seconds(30)
    /// How long an RM request (branch register, report, lock query) waits for its answer.
    public var rmRequestTimeout: Duration = .seconds(15)
    /// How long connecting and registering may take before the attempt counts as failed.
    public var connectTimeout: Duration = .seconds(5)
    /// After this long without writing, a connection sends a heartbeat ping.
    public var heartbeatInterval: Duration = .seconds(5)
    /// After this long without reading anything (the coordinator answers every ping), a connection
    /// is closed and made again.
    public var readIdleTimeout: Duration = .seconds(15)
    /// The first wait before reconnecting; it doubles after each failed attempt.
    public var minimumReconnectDelay: Duration = .milliseconds(100)
    /// The longest wait between reconnect attempts.
    public var maximumReconnectDelay: Duration = .seconds(5)
    /// The roles whose requests go out merged; none by default.
    ///
    /// Seata's Java client merges with `transport.enableRmClientBatchSendRequest` (on there for the
    /// RM) and `transport.enableTmClientBatchSendRequest` (off there for the TM).
    ///
    /// Requests that are sent together, in one batch of the connection's event loop, travel in one
    /// one-way MergedWarp frame with their ids, and the coordinator answers with a MergeResult or
    /// BatchResult. A request sent alone goes as a plain request, without waiting. Registrations
    /// are never merged.
    public var mergedRequests: SeataClientRoles = []

    /// A configuration with Seata's defaults.
    ///
    /// - Parameters:
    ///   - applicationId: the application's id.
    ///   - transactionServiceGroup: the transaction service group.
    public init(applicationId: String, transactionServiceGroup: String) {
        self.applicationId = applicationId
        self.transactionServiceGroup = transactionServiceGroup
    }

    /// The request timeout of a role.
    func requestTimeout(_ role: SeataClientRole) -> Duration {
        role == .transactionManager ? tmRequestTimeout : rmRequestTimeout
    }
}

/// One of the two connections a client keeps to each coordinator, as Seata's Java client does.
public enum SeataClientRole: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The role as a member of ``SeataClientRoles``.
    var member: SeataClientRoles {
        self == .transactionManager ? .transactionManager : .resourceManager
    }

    /// The transaction manager's connection: begin, commit, rollback, status, report.
    case transactionManager
    /// The resource manager's connection: branch register, report, lock query, and the
    /// coordinator's BranchCommit, BranchRollback and UndoLogDelete.
    case resourceManager

    /// `TM` or `RM`.
    public var description: String {
        switch self {
        case .transactionManager: "TM"
        case .resourceManager: "RM"
        }
    }
}

/// The roles a client takes.
public struct SeataClientRoles: OptionSet, Sendable, Hashable {
    /// The bits.
    public let rawValue: UInt8

    /// Makes a set from its bits.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A transaction manager: opens a TM connection to each coordinator.
    public static let transactionManager = SeataClientRoles(rawValue: 1)
    /// A resource manager: opens an RM connection to each coordinator.
    public static let resourceManager = SeataClientRoles(rawValue: 2)
    /// Both roles.
    public static let all: SeataClientRoles = [.transactionManager, .resourceManager]

    /// The roles, TM first.
    var members: [SeataClientRole] {
        var roles: [SeataClientRole] = []
        if contains(.transactionManager) { roles.append(.transactionManager) }
        if contains(.resourceManager) { roles.append(.resourceManager) }
        return roles
    }
}
