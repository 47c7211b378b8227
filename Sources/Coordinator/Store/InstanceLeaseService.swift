import DatabaseStore
import Logging
import ServiceLifecycle
import TransactionCore

/// Keeps this coordinator's `WorkerId-<n>` row in `distributed_lock` alive (db mode): renewed
/// every third of `server.distributedLockExpireTime` (read live), claimed anew under another
/// number if a peer took it over while this coordinator could not renew, given back on
/// shutdown so peers take over its unfinished sessions at once.
struct InstanceLeaseService: Service {
    let store: DatabaseStore
    let ids: IdGenerator
    let owner: String
    let lease: @Sendable () -> Duration
    let logger: Logger

    /// The lease this coordinator asks for: `server.distributedLockExpireTime`, at least 3 s (a
    /// shorter one would expire between two renewals on a busy database).
    static func duration(_ settings: CoreSettings) -> Duration {
        max(settings.distributedLockExpireTime, .seconds(3))
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let lease = lease()
                try? await Task.sleep(for: lease / 3)
                guard !Task.isCancelled else { break }
                await renew(lease)
            }
        }
        do {
            try await store.releaseWorkerId(ids.workerId, owner: owner)
            logger.info("Released worker id \(ids.workerId) in the session database")
        } catch {
            logger.warning("Could not release worker id \(ids.workerId); it expires on its own: \(error)")
        }
    }

    private func renew(_ lease: Duration) async {
        let id = ids.workerId
        do {
            if try await store.renewWorkerId(id, owner: owner, lease: lease) { return }
            let fresh = try await store.claimWorkerId(owner: owner, preferred: id, lease: lease)
            ids.reassign(workerId: fresh)
            logger.warning(
                "Worker id \(id) expired while the database was out of reach and another coordinator took it; now using \(fresh)"
            )
        } catch {
            logger.warning("Could not renew worker id \(id) in the session database: \(error)")
        }
    }
}

/// Follows the database's reachability into `/ready`: one round trip a second.
struct StoreHealthService: Service {
    let store: DatabaseStore
    let state: RunningState
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var healthy = true
            while !Task.isCancelled {
                do {
                    try await store.ping()
                    if !healthy { logger.info("Session database \(store.settings) answers again") }
                    healthy = true
                    state.setStoreProblem(nil)
                } catch {
                    if healthy { logger.error("Session database \(store.settings) does not answer: \(error)") }
                    healthy = false
                    state.setStoreProblem("session database \(store.settings) does not answer: \(error)")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
