internal import CZooKeeper
public import Logging

/// A ZooKeeper session, with async/await operations over the ZooKeeper C client.
///
/// ```swift
/// let zk = try await ZooKeeperClient.connect(.init(connectString: "127.0.0.1:2181"))
/// defer { Task { await zk.close() } }
/// let mode = try await zk.get("/seata/store.mode").string
/// ```
///
/// - Connecting is bounded: `connect` fails with `.connectTimeout`, naming the connect
///   string, when no server answers within `Configuration.connectTimeout` (the C library on
///   its own would retry forever).
/// - Any number of tasks may call at once. Requests are pipelined on the one session, with at
///   most `Configuration.maxRequestsInFlight` in the library at a time.
/// - Watches are one-shot (`ZNodeWatch`), as in ZooKeeper itself.
/// - `close()` fails every call and watch still waiting with `.closing`: nobody hangs.
///
/// ## Sessions end
///
/// After a connection loss the library reconnects by itself and the session, its watches
/// and its ephemeral nodes survive if it is back within the session timeout; calls made in
/// between fail with `.connectionLoss` (a create may or may not have been applied). If the
/// server expires the session, `state` becomes `.expired`, `sessionStates` says so, pending
/// watches fail with `.sessionExpired` and every later call fails the same way. The client
/// never makes a new session behind your back: close it and `connect` again, then re-create
/// your ephemeral nodes and re-arm your watches. Only their owner knows which they were.
public final class ZooKeeperClient: Sendable {
    /// How to reach the ensemble and how to behave on the session.
    public struct Configuration: Sendable {
        /// `host:port[,host:port…][/chroot]`.
        ///
        /// With a chroot, every path is relative to it.
        public var connectString: String
        /// The session timeout to ask for; the server bounds it to 2–20 ticks.
        public var sessionTimeout: Duration
        /// How long `connect` waits for a first connection before failing.
        public var connectTimeout: Duration
        /// Digest credentials added to the session right after it connects.
        public var credentials: DigestCredentials?
        /// The most requests this session has in the C library at once.
        public var maxRequestsInFlight: Int
        /// The largest request the server accepts (its `jute.maxbuffer`, 1,048,575 bytes by
        /// default).
        ///
        /// Larger ones are refused here: the server would drop the connection.
        public var maxRequestBytes: Int
        /// Accept a read-only server when no quorum is reachable.
        public var allowReadOnly: Bool
        /// Where this client logs its session events.
        ///
        /// The C library's own log goes to
        /// `ZooKeeperLibraryLog`.
        public var logger: Logger

        /// A configuration with the defaults: 10 s session, 5 s connect timeout, no credentials.
        public init(
            connectString: String,
            sessionTimeout: Duration = .seconds(10),
            connectTimeout: Duration = .seconds(5),
            credentials: DigestCredentials? = nil,
            maxRequestsInFlight: Int = 1000,
            maxRequestBytes: Int = 1_048_575,
            allowReadOnly: Bool = false,
            logger: Logger = Logger(label: "zookeeper")
        ) {
            self.connectString = connectString
            self.sessionTimeout = sessionTimeout
            self.connectTimeout = connectTimeout
            self.credentials = credentials
            self.maxRequestsInFlight = maxRequestsInFlight
            self.maxRequestBytes = maxRequestBytes
            self.allowReadOnly = allowReadOnly
            self.logger = logger
        }

        /// The connect string's chroot (`/app` of `zk1:2181,zk2:2181/app`); nil when it has none.
        ///
        /// ZooKeeper never creates a chroot: every path of the session lives under it, and while
        /// it does not exist even `/` does not.
        public var chroot: String? {
            guard let slash = connectString.firstIndex(of: "/") else { return nil }
            let path = String(connectString[slash...])
            return path == "/" ? nil : path
        }

        /// The servers of the connect string, without the chroot.
        public var hosts: String {
            connectString.firstIndex(of: "/").map { String(connectString[..<$0]) } ?? connectString
        }
    }

    let core: SessionCore
    /// The configuration the client was connected with.
    public let configuration: Configuration

    private init(core: SessionCore, configuration: Configuration) {
        self.core = core
        self.configuration = configuration
    }

    /// Connects a new session and waits until it is usable.
    ///
    /// - Throws: `ZooKeeperError` `.connectTimeout` when no server answered within the connect
    ///   timeout; `.invalidArgument` for a malformed connect string; `.authFailed` when the
    ///   credentials were refused. Each names the connect string.
    public static func connect(_ configuration: Configuration) async throws -> ZooKeeperClient {
        let connectString = configuration.connectString
        guard configuration.connectTimeout > .zero, configuration.sessionTimeout > .zero else {
            throw ZooKeeperError(
                .invalidArgument,
                connectString: connectString,
                detail: "the connect and session timeouts must be positive"
            )
        }
        try ConnectString.validate(connectString)
        let core = SessionCore(
            connectString: connectString,
            maxInFlight: configuration.maxRequestsInFlight,
            maxRequestBytes: configuration.maxRequestBytes,
            logger: configuration.logger
        )
        try core.start(
            sessionTimeoutMilliseconds: configuration.sessionTimeout.milliseconds,
            readOnly: configuration.allowReadOnly
        )
        let client = ZooKeeperClient(core: core, configuration: configuration)
        switch await core.awaitSettled(timeout: configuration.connectTimeout) {
        case .connected?, .connectedReadOnly?:
            break
        case .authFailed?:
            await core.close()
            throw core.error(.authFailed, path: nil)
        case .expired?:
            await core.close()
            throw core.error(.sessionExpired, path: nil)
        case .closed?, .connecting?, .disconnected?, nil:
            await core.close()
            throw core.error(
                .connectTimeout,
                path: nil,
                detail:
                    "no server answered within \(configuration.connectTimeout.secondsText); is ZooKeeper running there?"
            )
        }
        if let credentials = configuration.credentials {
            do {
                try await client.addAuth(credentials)
            } catch {
                await core.close()
                throw error
            }
        }
        return client
    }

    deinit {
        // A client dropped without close(): free the handle off the caller's thread.
        let core = self.core
        if core.state != .closed { Task.detached { await core.close() } }
    }

    /// The connect string this client uses.
    public var connectString: String { core.connectString }

    /// The session's state now.
    public var state: SessionState { core.state }

    /// The session's state now, then every change, until the client is closed.
    public var sessionStates: AsyncStream<SessionState> { core.stateUpdates() }

    /// The session id the server assigned (as `zkCli` prints it, in hex), once connected.
    public var sessionID: Int64? { core.sessionID }

    /// The session timeout the server granted.
    public var negotiatedSessionTimeout: Duration? {
        core.negotiatedTimeoutMilliseconds.map { .milliseconds(Int64($0)) }
    }

    /// Closes the session: ephemeral nodes go, and every call or watch still waiting fails
    /// with `.closing`.
    ///
    /// Idempotent; returns when the C library has let go of everything.
    public func close() async {
        await core.close()
    }

    /// Adds digest credentials to the session (also done by `connect` when configured).
    public func addAuth(_ credentials: DigestCredentials) async throws {
        let cert = credentials.certificate
        let reply = try await core.call(path: nil) { zh, context, _ in
            zoo_add_auth(zh, "digest", cert, Int32(cert.utf8.count), Completions.void, context)
        }
        try core.check(reply.rc, path: nil, detail: "digest user '\(credentials.user)'")
    }
}

/// A digest user and password (ZooKeeper's `digest` scheme).
///
/// Its description hides the password.
public struct DigestCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var user: String
    /// The clear password; sent to the server, which hashes it.
    public var password: String

    /// Credentials from their parts.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Parses `user:password`, as `--auth` and `ZK_AUTH` take it.
    ///
    /// The password may contain `:`.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        user = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
    }

    var certificate: String { "\(user):\(password)" }

    /// `user:<redacted>`.
    public var description: String { "\(user):<redacted>" }
}

extension Duration {
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    var secondsText: String {
        let ms = Double(milliseconds)
        return ms.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(ms / 1000)) s" : "\(ms / 1000) s"
    }
}

extension ZooKeeperClient {
    /// Requests and watches this session still has in the C library; zero after `close()`.
    ///
    /// For tests that prove nothing is left behind.
    package var pendingCallbacks: (requests: Int, watches: Int) {
        CallbackRegistry.shared.counts(owner: core)
    }
}
