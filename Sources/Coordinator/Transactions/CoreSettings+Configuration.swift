import ConfigCenter
import TransactionCore

extension CoreSettings {
    /// The core's settings from the effective configuration; Seata's default for anything unset.
    ///
    /// Seata reads these keys once at startup; this coordinator reads them again after every
    /// accepted change, and the recovery jobs pick them up on their next run.
    init(_ config: TypedConfig) {
        self.init()
        let defaults = CoreSettings()
        committingRetryPeriod =
            config.duration("server.recovery.committingRetryPeriod") ?? defaults.committingRetryPeriod
        asyncCommittingRetryPeriod =
            config.duration("server.recovery.asyncCommittingRetryPeriod") ?? defaults.asyncCommittingRetryPeriod
        rollbackingRetryPeriod =
            config.duration("server.recovery.rollbackingRetryPeriod") ?? defaults.rollbackingRetryPeriod
        timeoutRetryPeriod = config.duration("server.recovery.timeoutRetryPeriod") ?? defaults.timeoutRetryPeriod
        maxCommitRetryTimeout = Self.limit(config.duration("server.maxCommitRetryTimeout"))
        maxRollbackRetryTimeout = Self.limit(config.duration("server.maxRollbackRetryTimeout"))
        rollbackRetryTimeoutUnlockEnable = config.bool("server.rollbackRetryTimeoutUnlockEnable") ?? false
        undoLogDeletePeriod = config.duration("server.undo.logDeletePeriod") ?? defaults.undoLogDeletePeriod
        undoLogSaveDays = config.integer("server.undo.logSaveDays").map { Int($0) } ?? defaults.undoLogSaveDays
        distributedLockExpireTime =
            config.duration("server.distributedLockExpireTime") ?? defaults.distributedLockExpireTime
        applicationDataLimit =
            config.integer("server.applicationDataLimit").map { Int($0) } ?? defaults.applicationDataLimit
        applicationDataLimitCheck = config.bool("server.applicationDataLimitCheck") ?? false
        sessionQueryLimit = config.integer("store.db.queryLimit").map { Int($0) } ?? defaults.sessionQueryLimit
        retryDeadThreshold = config.duration("server.retryDeadThreshold") ?? defaults.retryDeadThreshold
        xaerNotaRetryTimeout = config.duration("server.xaerNotaRetryTimeout") ?? defaults.xaerNotaRetryTimeout
    }

    /// A retry limit: negative (Seata's -1) means retry forever.
    private static func limit(_ duration: Duration?) -> Duration? {
        guard let duration, duration >= .zero else { return nil }
        return duration
    }
}

extension TransportSettings {
    /// The transport's settings from the effective configuration.
    init(_ config: TypedConfig) {
        self.init()
        rpcTcRequestTimeout = config.duration("transport.rpcTcRequestTimeout") ?? rpcTcRequestTimeout
        batchResponses = config.bool("transport.enableTcServerBatchSendResponse") ?? batchResponses
    }
}
