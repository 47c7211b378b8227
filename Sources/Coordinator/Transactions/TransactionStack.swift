import ConfigCenter
import DatabaseStore
import FileStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TransactionCore
import CommandLineContract

/// The transaction coordinator proper, assembled: the session store, the core over it, the
/// transaction port in front of it, and the recovery jobs.
///
/// `start` opens the store and binds the port, so either failing is a startup report before the
/// coordinator registers anywhere; its services then run in the coordinator's service group.
struct TransactionStack {
    let store: OpenStore
    let core: TransactionCoordinator
    let server: TransactionServer
    let jobs: RecoveryJobsService
    /// db mode: the worker-id lease and the database's health watch.
    let storeServices: [any Service]
    /// The address in XIDs and registrations, `host:port`.
    let advertised: String

    /// `transport.threadFactory.workerThreadSize`: a number of event loop threads, or `default`
    /// (one per core, SwiftNIO's own choice).
    static func workerThreads(_ config: ConfigValues) -> Int? {
        guard let raw = config["transport.threadFactory.workerThreadSize"]?.value, let count = Int(raw), count > 0
        else { return nil }
        return count
    }

    static func start(settings: BootstrapSettings, config: ConfigValues, state: RunningState, logger: Logger)
        async throws -> TransactionStack
    {
        let store = try await SessionStoreOpener.open(config, schema: state.schema, logger: logger)
        let server: TransactionServer
        do {
            server = try await TransactionServer.bind(
                host: settings.host,
                port: settings.port,
                threads: Self.workerThreads(config)
            )
        } catch {
            await store.close()
            throw StartupFailure.transactionPort(error, settings: settings)
        }
        let live = LiveSettings(state: state)
        let registry = ClientRegistry()
        let host = AdvertisedAddress.resolve(advertise: settings.advertiseHost, listen: settings.host)
        let observer = TransactionMetrics()
        let advertised = "\(host):\(server.port)"
        let ids: IdGenerator
        var storeServices: [any Service] = []
        switch store {
        case .file(let file):
            // One coordinator per store folder: the worker id only has to differ between
            // coordinators sharing a database; notBefore keeps ids unique across restarts.
            ids = IdGenerator(workerId: server.port % (IdGenerator.maxWorkerId + 1), notBefore: file.largestId)
        case .database(let database):
            // A worker id no live peer holds, leased in distributed_lock (InstanceLeaseService).
            let workerId: Int
            do {
                workerId = try await database.claimWorkerId(
                    owner: advertised,
                    preferred: Self.preferredWorkerId(advertised),
                    lease: InstanceLeaseService.duration(live.core)
                )
            } catch {
                await server.drain()
                await store.close()
                throw StartupFailure(
                    exitCode: ExitStatus.unavailable.code,
                    summary: "This coordinator could not claim a worker id in the session database:",
                    problems: ["\(error)"],
                    action: "Check the database, then start again."
                )
            }
            ids = IdGenerator(workerId: workerId, notBefore: database.largestId)
            storeServices = [
                InstanceLeaseService(
                    store: database,
                    ids: ids,
                    owner: advertised,
                    lease: { InstanceLeaseService.duration(live.core) },
                    logger: logger
                ),
                StoreHealthService(store: database, state: state, logger: logger),
            ]
            logger.info("Worker id \(workerId) leased in \(database.settings.tables.distributedLock) as \(advertised)")
        }
        let core = TransactionCoordinator(
            store: store.sessions,
            messenger: RemoteBranchMessenger(registry: registry, settings: { live.transport }, logger: logger),
            host: host,
            port: server.port,
            ids: ids,
            settings: { live.core },
            observer: observer,
            logger: logger
        )
        let context = TransportContext(
            registry: registry,
            dispatcher: RequestDispatcher(core: core, settings: { live.transport }),
            metrics: TransportMetrics(),
            settings: { live.transport },
            logger: logger
        )
        try await server.start(context: context, shutdownWait: { live.shutdownWait })
        return TransactionStack(
            store: store,
            core: core,
            server: server,
            jobs: RecoveryJobsService(core: core, metrics: observer),
            storeServices: storeServices,
            advertised: advertised
        )
    }

    /// Where a coordinator starts looking for a free worker id: a hash of its address, so
    /// coordinators starting together rarely try the same one first.
    static func preferredWorkerId(_ advertised: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in advertised.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(IdGenerator.maxWorkerId + 1))
    }
}
