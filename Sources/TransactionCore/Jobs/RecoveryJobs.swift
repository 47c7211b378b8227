import SeataProtocol

extension TransactionCoordinator {
    /// Runs the recovery jobs until the calling task is cancelled: retry rollbacking, retry
    /// committing, async committing, timeout check and undo-log delete, each in its own loop.
    ///
    /// Each loop reads `settings` again before every wait and run, so a changed period applies
    /// within 200 ms (a longer one at once) and changed limits on the next run; Seata reads them
    /// once at start. Every run first takes the job's lease in the store (`distributed_lock`),
    /// so on a shared database one coordinator at a time runs each job.
    public func runRecoveryJobs() async {
        await withTaskGroup(of: Void.self) { group in
            for job in RecoveryJobName.allCases {
                group.addTask { await self.runLoop(job) }
            }
        }
    }

    /// Runs one job once, now (tests, and an operator's "retry now").
    public func runRecoveryJob(_ job: RecoveryJobName) async {
        await runOnce(job, settings: settings())
    }

    private func runLoop(_ job: RecoveryJobName) async {
        let clock = ContinuousClock()
        let start = clock.now
        var lastRun: ContinuousClock.Instant?
        while !Task.isCancelled {
            let settings = settings()
            let due = lastRun.map { $0 + period(of: job, settings) } ?? start + firstDelay(of: job, settings)
            let now = clock.now
            if now < due {
                // Wake at least every 200 ms to see a shortened period.
                try? await Task.sleep(until: min(due, now + .milliseconds(200)), clock: clock)
                continue
            }
            lastRun = now
            await runOnce(job, settings: settings)
        }
    }

    private func period(of job: RecoveryJobName, _ settings: CoreSettings) -> Duration {
        let period =
            switch job {
            case .asyncCommitting: settings.asyncCommittingRetryPeriod
            case .retryCommitting: settings.committingRetryPeriod
            case .retryRollbacking: settings.rollbackingRetryPeriod
            case .timeoutCheck: settings.timeoutRetryPeriod
            case .undoLogDelete: settings.undoLogDeletePeriod
            }
        return max(period, .milliseconds(1))
    }

    private func firstDelay(of job: RecoveryJobName, _ settings: CoreSettings) -> Duration {
        job == .undoLogDelete ? settings.undoLogFirstDelay : .zero
    }

    private func runOnce(_ job: RecoveryJobName, settings: CoreSettings) async {
        guard await takeLease(job, settings) else { return }
        switch job {
        case .retryRollbacking:
            let live = await liveCoordinators(job)
            await forEachSession(job, Self.retryRollbackingStatuses, settings: settings) { session, now in
                try await self.retryRollback(session, settings: settings, now: now, live: live)
            }
        case .retryCommitting:
            let live = await liveCoordinators(job)
            await forEachSession(job, Self.retryCommittingStatuses, settings: settings) { session, now in
                try await self.retryCommit(session, settings: settings, now: now, live: live)
            }
        case .asyncCommitting:
            await forEachSession(job, [.asyncCommitting], settings: settings) { session, now in
                try await self.retryCommit(session, settings: settings, now: now, live: nil)
            }
        case .timeoutCheck:
            await forEachSession(job, [.begin], timedOut: true, settings: settings) { session, now in
                if session.hasTimedOut(at: now) { _ = try await self.timeOut(session) }
            }
            await removeOrphanedBranches()
        case .undoLogDelete:
            await messenger.deleteUndoLogs(saveDays: settings.effectiveUndoLogSaveDays)
        }
        do {
            try await store.releaseJobLease(job, owner: leaseOwner)
        } catch {
            logger.info("Could not release the job lease", metadata: ["job": "\(job.rawValue)", "error": "\(error)"])
        }
    }

    static let retryRollbackingStatuses: Set<GlobalStatus> = [
        .timeoutRollbacking, .timeoutRollbackRetrying, .rollbackRetrying, .rollbacking,
    ]
    static let retryCommittingStatuses: Set<GlobalStatus> = [.commitRetrying, .committed, .committing]

    private func removeOrphanedBranches() async {
        do {
            let removed = try await store.removeOrphanedBranches()
            if removed > 0 {
                logger.debug("Removed branches whose session had ended", metadata: ["branches": "\(removed)"])
            }
        } catch {
            logger.info("Could not remove branches whose session had ended", metadata: ["error": "\(error)"])
        }
    }

    private func takeLease(_ job: RecoveryJobName, _ settings: CoreSettings) async -> Bool {
        do {
            return try await store.acquireJobLease(job, owner: leaseOwner, duration: settings.distributedLockExpireTime)
        } catch {
            logger.warning("Could not take the job lease", metadata: ["job": "\(job.rawValue)", "error": "\(error)"])
            return false
        }
    }

    /// Runs `body` on every session in `statuses`, page by page.
    ///
    /// Pages come in (beginTime, xid) order, up to `recoveryConcurrency` sessions at a time. A session another request is driving is skipped until the
    /// next run; the session is read again under its lock, so `body` sees it as it is.
    private func forEachSession(
        _ job: RecoveryJobName,
        _ statuses: Set<GlobalStatus>,
        timedOut: Bool = false,
        settings: CoreSettings,
        _ body: @escaping @Sendable (GlobalSession, Int64) async throws -> Void
    ) async {
        var cursor: SessionCursor?
        let limit = max(1, settings.sessionQueryLimit)
        while !Task.isCancelled {
            let page: [GlobalSession]
            do {
                page = try await store.globals(
                    matching: SessionQuery(
                        statuses: statuses,
                        timedOutAt: timedOut ? clock() : nil,
                        after: cursor,
                        limit: limit
                    )
                )
            } catch {
                logger.warning(
                    "Recovery job could not list sessions",
                    metadata: ["job": "\(job.rawValue)", "error": "\(error)"]
                )
                return
            }
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for listed in page {
                    if running >= max(1, settings.recoveryConcurrency) {
                        await group.next()
                        running -= 1
                    }
                    running += 1
                    group.addTask {
                        await self.underLockIfFree(listed.xid) {
                            do {
                                guard let session = try await self.store.global(xid: listed.xid),
                                    statuses.contains(session.status)
                                else { return }
                                try await body(session, self.clock())
                            } catch {
                                self.logger.warning(
                                    "Recovery job failed on a session; it will try again",
                                    metadata: ["job": "\(job.rawValue)", "xid": "\(listed.xid)", "error": "\(error)"]
                                )
                            }
                        }
                    }
                }
            }
            guard page.count == limit, let last = page.last else { return }
            cursor = SessionCursor(last)
            // Renew the lease for the next page: a long run must not outlive it.
            guard await takeLease(job, settings) else { return }
        }
    }

    private func underLockIfFree(_ xid: String, _ body: () async -> Void) async {
        guard xidLocks.tryLock(xid) else { return }
        defer { xidLocks.unlock(xid) }
        await body()
    }

    /// Whether a session in Committing or Rollbacking has no driver.
    ///
    /// The caller holds the
    /// xid's lock, and a request drives its session under that lock from decision to end, so:
    /// on an exclusive store, or when the xid is this coordinator's own, nobody is driving it.
    /// On a shared store, a session of another coordinator is abandoned when that coordinator
    /// is not alive (`SessionStore.liveCoordinators`, at once); when it is alive or the store
    /// cannot tell, only after `retryDeadThreshold` from the begin (Seata's rule, which alone
    /// would delay every takeover by 130 s).
    private func isAbandoned(_ session: GlobalSession, settings: CoreSettings, now: Int64, live: Set<String>?) -> Bool {
        if store.isExclusive { return true }
        let owner = Xid.address(of: session.xid)
        if owner == leaseOwner { return true }
        if let live, let owner, !live.contains(owner) { return true }
        return now - session.beginTime > settings.retryDeadThreshold.milliseconds
    }

    private func liveCoordinators(_ job: RecoveryJobName) async -> Set<String>? {
        do {
            return try await store.liveCoordinators()
        } catch {
            logger.info(
                "Could not read which coordinators are alive; sessions of others wait for server.retryDeadThreshold",
                metadata: ["job": "\(job.rawValue)", "error": "\(error)"]
            )
            return nil
        }
    }

    private func retryRollback(
        _ session: GlobalSession,
        settings: CoreSettings,
        now: Int64,
        live: Set<String>?
    ) async throws {
        if session.status == .rollbacking && !isAbandoned(session, settings: settings, now: now, live: live) { return }
        if RetryLimit.isExceeded(settings.maxRollbackRetryTimeout, beginTime: session.beginTime, now: now) {
            let final = StatusChange(
                xid: session.xid,
                expected: session.status,
                status: .rollbackRetryTimeout,
                locks: settings.rollbackRetryTimeoutUnlockEnable ? .release : .keep,
                durability: .answer
            )
            if try await change(final) { ended(session, status: .rollbackRetryTimeout) }
            return
        }
        var driver = PhaseTwoDriver(
            .rollback,
            session: session,
            retrying: true,
            now: now,
            xaerNotaRetryTimeout: settings.xaerNotaRetryTimeout
        )
        _ = try await drive(&driver, session: session)
    }

    private func retryCommit(
        _ session: GlobalSession,
        settings: CoreSettings,
        now: Int64,
        live: Set<String>?
    ) async throws {
        if session.status == .committing && !isAbandoned(session, settings: settings, now: now, live: live) { return }
        if session.status != .committed && session.status != .asyncCommitting
            && RetryLimit.isExceeded(settings.maxCommitRetryTimeout, beginTime: session.beginTime, now: now)
        {
            let final = StatusChange(
                xid: session.xid,
                expected: session.status,
                status: .commitRetryTimeout,
                durability: .answer
            )
            if try await change(final) { ended(session, status: .commitRetryTimeout) }
            return
        }
        var driver = PhaseTwoDriver(
            .commit,
            session: session,
            retrying: true,
            now: now,
            xaerNotaRetryTimeout: settings.xaerNotaRetryTimeout
        )
        _ = try await drive(&driver, session: session)
    }
}
