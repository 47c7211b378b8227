import ConfigCenter
import FileStore
import Logging
import NIOCore
import NIOPosix
import TransactionCore

/// The transaction coordinator proper, assembled: the session store, the core over it, the
/// transaction port in front of it, and the recovery jobs.
///
/// `start` opens the store and binds the port, so either failing is a startup report before the
/// coordinator registers anywhere; its services then run in the coordinator's service group.
struct TransactionStack {
    let store: FileStore
    let core: TransactionCoordinator
    let server: TransactionServer
    let jobs: RecoveryJobsService
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
        let store = try SessionStoreOpener.open(config, logger: logger)
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
        let core = TransactionCoordinator(
            store: store,
            messenger: RemoteBranchMessenger(registry: registry, settings: { live.transport }, logger: logger),
            host: host,
            port: server.port,
            // One coordinator per store folder: the worker id only has to differ between
            // coordinators sharing a database; notBefore keeps ids unique across restarts.
            ids: IdGenerator(workerId: server.port % (IdGenerator.maxWorkerId + 1), notBefore: store.largestId),
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
            advertised: "\(host):\(server.port)"
        )
    }
}
