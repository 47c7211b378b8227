/// What this coordinator does with each server key Seata defines.
///
/// Whether it acts on it, when it reads it, and, for a key it cannot honour, why. `/config`
/// shows it beside every value, so no key is silently ignored.
///
/// This is a property of the code, not of the configuration, so it lives here rather than in
/// the schema (which an operator may extend).
enum KeySupport: Sendable, Hashable {
    /// Acts on it, and applies a change without a restart. `seataReadsOnce` when Seata itself
    /// reads the key only at startup.
    case live(seataReadsOnce: Bool)
    /// Acts on it, read at startup: a change waits for a restart.
    case atStartup
    /// Cannot honour it; the reason says what happens instead.
    case notHonoured(String)

    /// The sentence `/config` shows.
    var summary: String {
        switch self {
        case .live(true): "acts, applied live (Seata itself reads it only at startup)"
        case .live(false): "acts, applied live"
        case .atStartup: "acts, read at startup"
        case .notHonoured(let reason): "not honoured: \(reason)"
        }
    }

    var isHonoured: Bool {
        if case .notHonoured = self { return false }
        return true
    }

    /// The support for `key`, or nil for a key this table does not cover (client-side keys,
    /// keys of other products).
    static func of(_ key: String) -> KeySupport? {
        if let exact = table[key] { return exact }
        for (prefix, support) in prefixes where key.hasPrefix(prefix) { return support }
        return nil
    }

    private static let table: [String: KeySupport] = [
        "server.recovery.committingRetryPeriod": .live(seataReadsOnce: true),
        "server.recovery.asyncCommittingRetryPeriod": .live(seataReadsOnce: true),
        "server.recovery.rollbackingRetryPeriod": .live(seataReadsOnce: true),
        "server.recovery.timeoutRetryPeriod": .live(seataReadsOnce: true),
        "server.maxCommitRetryTimeout": .live(seataReadsOnce: true),
        "server.maxRollbackRetryTimeout": .live(seataReadsOnce: true),
        "server.rollbackRetryTimeoutUnlockEnable": .live(seataReadsOnce: true),
        "server.undo.logSaveDays": .live(seataReadsOnce: true),
        "server.undo.logDeletePeriod": .live(seataReadsOnce: true),
        "server.applicationDataLimit": .live(seataReadsOnce: true),
        "server.applicationDataLimitCheck": .live(seataReadsOnce: true),
        "server.xaerNotaRetryTimeout": .live(seataReadsOnce: true),
        "server.retryDeadThreshold": .live(seataReadsOnce: true),
        "server.distributedLockExpireTime": .live(seataReadsOnce: true),
        "transport.rpcTcRequestTimeout": .live(seataReadsOnce: true),
        "transport.enableTcServerBatchSendResponse": .live(seataReadsOnce: true),
        "transport.shutdown.wait": .live(seataReadsOnce: true),
        "coordinator.shutdown.drainTimeout": .live(seataReadsOnce: false),
        "store.mode": .atStartup,
        "store.session.mode": .atStartup,
        "store.lock.mode": .atStartup,
        "store.file.dir": .atStartup,
        "store.file.flushDiskMode": .atStartup,
        "store.db.dbType": .atStartup,
        "store.db.url": .atStartup,
        "store.db.user": .atStartup,
        "store.db.password": .atStartup,
        "store.db.minConn": .atStartup,
        "store.db.maxConn": .atStartup,
        "store.db.maxWait": .atStartup,
        "store.db.globalTable": .atStartup,
        "store.db.branchTable": .atStartup,
        "store.db.lockTable": .atStartup,
        "store.db.distributedLockTable": .atStartup,
        "store.db.queryLimit": .live(seataReadsOnce: true),
        "store.db.datasource":
            .notHonoured("the pool is postgres-nio's own; store.db.minConn, maxConn and maxWait bound it"),
        "store.db.driverClassName": .notHonoured("postgres-nio speaks PostgreSQL's protocol itself; no JDBC driver"),
        "store.db.vgroupTable": .notHonoured("no effect in Seata either (its raft mode's table)"),
        "transport.threadFactory.workerThreadSize": .atStartup,
        "coordinator.registry.path": .atStartup,
        "transport.type": .notHonoured("TCP only; UNIX_DOMAIN_SOCKET is not implemented"),
        "transport.server": .notHonoured("SwiftNIO chooses its own event loop (epoll on Linux)"),
        "transport.heartbeat":
            .notHonoured(
                "a client setting; the coordinator always answers pings and closes connections silent for 15 s"
            ),
        "transport.serialization":
            .notHonoured("the coordinator speaks the seata codec only; frames in another are refused by name"),
        "transport.compressor": .notHonoured("uncompressed frames only; compressed ones are refused by name"),
        "transport.threadFactory.bossThreadSize": .notHonoured("SwiftNIO accepts on one of its event loops"),
        "transport.threadFactory.shareBossWorker": .notHonoured("no effect in Seata either"),
        "log.exceptionRate": .notHonoured("exceptions are logged once each, with their reason"),
        "store.publicKey": .notHonoured("passwords are not encrypted with a key pair"),
        "store.file.maxBranchSessionSize":
            .notHonoured(
                "sessions are SQLite rows, not fixed-size records; server.applicationDataLimit bounds their data"
            ),
        "store.file.maxGlobalSessionSize": .notHonoured("sessions are SQLite rows, not fixed-size records"),
        "store.file.fileWriteBufferCacheSize": .notHonoured("SQLite's page cache does this work"),
        "store.file.sessionReloadReadSize": .notHonoured("a restart reads the whole database at once"),
        "server.session.branchAsyncQueueSize": .notHonoured("branches are removed as their phase two completes"),
        "server.session.enableBranchAsyncRemove": .notHonoured("branches are removed as their phase two completes"),
        "server.enableParallelRequestHandle": .notHonoured(
            "always on: requests, merged ones included, run in parallel"
        ),
        "server.enableParallelHandleBranch": .notHonoured("branches are called one after another, in Seata's order"),
        "server.enableCheckAuth":
            .notHonoured("no authentication handler (Seata's own server ships none): every registration is accepted"),
        "metrics.enabled": .notHonoured("metrics are always served on the ops HTTP port at /metrics"),
        "metrics.registryType": .notHonoured("metrics are always served on the ops HTTP port at /metrics"),
        "metrics.exporterList": .notHonoured("Prometheus text on the ops HTTP port at /metrics"),
        "metrics.exporterPrometheusPort": .notHonoured("/metrics is on the ops HTTP port (--http-port)"),
    ]

    private static let prefixes: [(String, KeySupport)] = [
        ("transport.threadFactory.", .notHonoured("SwiftNIO names its own threads")),
        ("store.redis.", .notHonoured("store.mode=redis is refused at startup by this coordinator")),
        ("server.raft.", .notHonoured("raft mode is refused at startup by this coordinator")),
    ]
}
