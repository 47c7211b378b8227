public import Logging
import SeataProtocol

/// The transaction coordinator's core: global transactions, branches, AT row locks, phase two
/// and the recovery jobs, as Seata's TC (DefaultCore, DefaultCoordinator) does them.
///
/// The transport calls one method per request, with plain values taken from the message and
/// the connection; the core answers with values or throws `TransactionError` (a failed result
/// with Seata's exception code). It never sees bytes or sockets: RMs are called through a
/// `BranchMessenger`, and all state lives in a `SessionStore`, so the same core runs over the
/// embedded file store and a database shared by several coordinators.
///
/// Requests on one xid take turns (an in-process lock per xid); across coordinators the store's
/// compare-and-set status changes keep two of them from deciding or driving one session twice.
public final class TransactionCoordinator: Sendable {
    /// The address put into xids (`--advertise-ip`): clients route requests by it.
    public let host: String
    /// The transaction port put into xids.
    public let port: Int
    let store: any SessionStore
    let messenger: any BranchMessenger
    let ids: IdGenerator
    let settings: @Sendable () -> CoreSettings
    let observer: any TransactionObserver
    let logger: Logger
    let clock: @Sendable () -> Int64
    let xidLocks = XidLocks()

    /// Makes a coordinator core.
    ///
    /// - Parameters:
    ///   - store: Where sessions, branches, locks and job leases live.
    ///   - messenger: How to reach RMs in phase two (the transport).
    ///   - host: The advertised address for xids (never a wildcard).
    ///   - port: The transaction port for xids.
    ///   - ids: The id generator (its worker id distinct per coordinator on a shared store).
    ///   - settings: The current settings; read on every request that needs them and on every
    ///     job run, so live configuration changes apply at once.
    ///   - observer: Metrics hooks.
    ///   - logger: One debug line per transaction end, warnings for failed finals and timeouts.
    ///   - clock: Milliseconds since 1970 (tests move time with it).
    public init(
        store: any SessionStore,
        messenger: any BranchMessenger,
        host: String,
        port: Int,
        ids: IdGenerator,
        settings: @escaping @Sendable () -> CoreSettings = { CoreSettings() },
        observer: any TransactionObserver = NoTransactionObserver(),
        logger: Logger = Logger(label: "coordinator.transactions"),
        clock: @escaping @Sendable () -> Int64 = WallClock.milliseconds
    ) {
        self.store = store
        self.messenger = messenger
        self.host = host
        self.port = port
        self.ids = ids
        self.settings = settings
        self.observer = observer
        self.logger = logger
        self.clock = clock
    }

    /// Who holds job leases in `distributed_lock.lock_value`: `host:port`.
    public var leaseOwner: String { "\(host):\(port)" }

    /// How many transactions have not ended (the "active" gauge), across every coordinator on
    /// the store.
    public func unfinishedCount() async throws(TransactionError) -> Int {
        do {
            return try await store.countGlobals(statuses: GlobalStatus.unfinished)
        } catch {
            throw TransactionError(.failedStore, "Could not count sessions: \(error)")
        }
    }

    /// How many transactions ended in a failed final and wait for an operator.
    public func failedFinalCount() async throws(TransactionError) -> Int {
        do {
            return try await store.countGlobals(statuses: GlobalStatus.failedFinals)
        } catch {
            throw TransactionError(.failedStore, "Could not count sessions: \(error)")
        }
    }

    // MARK: - Shared steps

    func read(_ xid: String) async throws(TransactionError) -> GlobalSession? {
        do {
            return try await store.global(xid: xid)
        } catch {
            throw TransactionError(.failedStore, "Could not read global session xid = \(xid): \(error)")
        }
    }

    /// The session for a decision: the store's copy on a first `attempt` (`globalToDecide`), a
    /// fresh read on the next ones (the decision taken on the copy failed).
    func read(_ xid: String, toDecide attempt: Int) async throws(TransactionError) -> GlobalSession? {
        guard attempt == 0 else { return try await read(xid) }
        do {
            return try await store.globalToDecide(xid: xid)
        } catch {
            throw TransactionError(.failedStore, "Could not read global session xid = \(xid): \(error)")
        }
    }

    func change(_ change: StatusChange) async throws(TransactionError) -> Bool {
        do {
            return try await store.updateGlobalStatus(change)
        } catch {
            throw TransactionError(
                .failedWriteSession,
                "Could not change global session xid = \(change.xid) from \(change.expected) to \(change.status): \(error)"
            )
        }
    }

    func delete(
        _ xid: String,
        expected: GlobalStatus,
        revision: String? = nil,
        durability: Durability = .answer
    ) async throws(TransactionError) -> Bool {
        do {
            return try await store.deleteGlobal(
                xid: xid,
                expected: expected,
                revision: revision,
                durability: durability
            )
        } catch {
            throw TransactionError(.failedWriteSession, "Could not remove global session xid = \(xid): \(error)")
        }
    }

    /// The status of `xid` after another coordinator won a race for it.
    func currentStatus(_ xid: String) async throws(TransactionError) -> GlobalStatus {
        try await read(xid)?.status ?? .finished
    }

    /// Logs and reports the end of a transaction: removed (committed, rolled back) or kept as a
    /// failed final.
    func ended(_ session: GlobalSession, status: GlobalStatus) {
        let elapsed = max(0, clock() - session.beginTime)
        let duration = Duration.milliseconds(elapsed)
        if status.isFailedFinal {
            logger.warning(
                "Global transaction ended as \(status) and is kept for an operator",
                metadata: ["xid": "\(session.xid)", "status": "\(status)", "branches": "\(session.branches.count)"]
            )
        } else {
            logger.debug(
                "Global transaction ended",
                metadata: ["xid": "\(session.xid)", "status": "\(status)", "durationMs": "\(elapsed)"]
            )
        }
        observer.ended(session, status: status, duration: duration)
    }
}
