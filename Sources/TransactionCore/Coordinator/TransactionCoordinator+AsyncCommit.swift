import SeataProtocol

extension TransactionCoordinator {
    /// Commits the AT branches of an AsyncCommitting session in the background, right after the
    /// TM has its answer (`CoreSettings.commitsATBranchesAtOnce`).
    ///
    /// An AT branch's commit only deletes its undo log, so the TM is answered Committed at the
    /// decision. Seata leaves those commits to the async-committing job, which sends them in one
    /// burst per period: every AT transaction of the last second at once, which queues behind it
    /// the requests of every transaction being made meanwhile. Sent as each transaction is
    /// decided, the same calls spread out with the load, and the undo logs go sooner. The job
    /// still retries what could not be committed here (an RM away, a coordinator restarted).
    func commitATBranchesSoon(_ xid: String) {
        guard settings().commitsATBranchesAtOnce else { return }
        Task { await self.commitATBranches(xid) }
    }

    private func commitATBranches(_ xid: String) async {
        // The request that decided holds the xid until it has answered; this runs after it.
        await xidLocks.lock(xid)
        defer { xidLocks.unlock(xid) }
        do {
            guard let session = try await read(xid), session.status == .asyncCommitting else { return }
            var driver = PhaseTwoDriver(
                .commit,
                session: session,
                retrying: true,
                now: clock(),
                xaerNotaRetryTimeout: settings().xaerNotaRetryTimeout
            )
            _ = try await drive(&driver, session: session)
        } catch {
            logger.info(
                "Could not commit the AT branches now; the async-committing job will",
                metadata: ["xid": "\(xid)", "error": "\(error)"]
            )
        }
    }
}
