import CommandLineContract
import ConfigCenter
import DatabaseStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ZooKeeper

/// A started coordinator: configuration loaded and valid, store open, registered, ready to
/// serve.
///
/// `start` does every check first and throws one `StartupFailure` for whatever is
/// wrong; `run` serves until SIGTERM or SIGINT, then deregisters, drains and closes.
final class CoordinatorServer: Sendable {
    let settings: BootstrapSettings
    let state: RunningState
    let transactions: TransactionStack
    let session: RenewingSession?
    let services: [any Service]
    let logger: Logger
    let drainTimeout: Duration

    private init(
        settings: BootstrapSettings,
        state: RunningState,
        transactions: TransactionStack,
        session: RenewingSession?,
        services: [any Service],
        drainTimeout: Duration,
        logger: Logger
    ) {
        self.settings = settings
        self.state = state
        self.transactions = transactions
        self.session = session
        self.services = services
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    static func start(settings: BootstrapSettings, environment: [String: String], logger: Logger) async throws
        -> CoordinatorServer
    {
        // The C library's own log would interleave its retries with the startup report;
        // it speaks up again once the coordinator runs.
        var quiet = Logger(label: "zookeeper.c")
        quiet.logLevel = .critical
        ZooKeeperLibraryLog.route(to: quiet)

        let metrics = CoordinatorMetrics.bootstrap()
        let (schema, loaded, session, live, fixCommand) = try await loadConfiguration(
            settings: settings,
            environment: environment,
            logger: logger
        )
        let consoleProblems = settings.console.problems(httpHost: settings.httpHost)
        guard consoleProblems.isEmpty else {
            await session?.close()
            throw StartupFailure.console(consoleProblems)
        }
        if settings.console.secretKey.utf8.count < 32 {
            logger.warning(
                "seata.security.secretKey is shorter than 32 bytes; HS256 console tokens want a key of 32 bytes or more"
            )
        }

        let state = RunningState(
            schema: schema,
            startup: loaded.effective,
            warnings: loaded.report.warnings,
            sessionTimeout: session?.client.negotiatedSessionTimeout ?? settings.sessionTimeout
        )
        // Both ports bound and the store open before anything is registered or said to have
        // started: a coordinator that cannot serve never appears in the registry.
        let transactions: TransactionStack
        do {
            transactions = try await TransactionStack.start(
                settings: settings,
                config: loaded.effective,
                state: state,
                logger: logger
            )
        } catch {
            await session?.close()
            throw error
        }
        let store = transactions.store
        state.setStoreOpen(true)

        var settings = settings
        let describe: @Sendable () -> ConfigView.Context = { [settings, session] in
            ConfigView.Context(
                source: loaded.source,
                connect: session == nil ? nil : settings.connectString,
                sessionGeneration: session?.generation,
                fixCommand: fixCommand
            )
        }
        let console = await OperatorConsole.make(settings: settings.console, core: transactions.core, logger: logger)
        let http: OpsHTTPServer
        do {
            http = try await OpsHTTPServer.bind(
                router: OpsRoutes.router(state: state, metrics: metrics, console: console, describe: describe),
                host: settings.httpHost,
                port: settings.httpPort,
                logger: logger
            )
        } catch {
            await transactions.server.drain()
            await store.close()
            await session?.close()
            throw StartupFailure.httpPort(error, settings: settings)
        }
        settings.httpPort = http.port

        // First: ready only once the group runs, its SIGTERM handling set (a probe that sees 200
        // may stop the coordinator at once, and must get a drain, not the default kill).
        var services: [any Service] = [ServingMarker(state: state)]
        var registrationService: InstanceRegistration?
        if let session {
            let registryPath = loaded.effective["coordinator.registry.path"]?.value ?? "/seata-coordinator/instances"
            let instance = CoordinatorInstance.current(
                // As in the XIDs: never a wildcard.
                address: AdvertisedAddress.resolve(advertise: settings.advertiseHost, listen: settings.host),
                port: transactions.server.port,
                httpHost: settings.httpHost,
                httpPort: http.port
            )
            let registration = InstanceRegistration(
                session: session,
                path: ConfigLayout.path(of: instance.nodeName, under: registryPath),
                payload: instance.payload,
                logger: logger
            )
            do {
                try await registration.register()
            } catch {
                await http.stop()
                await transactions.server.drain()
                await store.close()
                await session.close()
                switch error {
                case let collision as InstanceRegistration.Collision:
                    throw StartupFailure.registrationCollision(
                        collision,
                        advertised: transactions.advertised,
                        settings: settings
                    )
                case let error as ZooKeeperError:
                    throw StartupFailure.zooKeeper(error, settings: settings)
                default:
                    throw error
                }
            }
            if let live {
                services.append(live)
                services.append(ConfigFollower(live: live, state: state, metrics: metrics, logger: logger))
            }
            services.append(SessionStateService(session: session, state: state, metrics: metrics))
            registrationService = registration
        }

        var seataRegistry: SeataRegistryRegistration?
        if let registry = settings.registry {
            do {
                let registrySession = try await RenewingSession.connect(registry.clientConfiguration)
                let registration = SeataRegistryRegistration(
                    session: registrySession,
                    cluster: registry.cluster,
                    address: transactions.advertised,
                    logger: logger
                )
                do {
                    try await registration.register()
                } catch {
                    await registrySession.close()
                    throw error
                }
                seataRegistry = registration
            } catch let error as ZooKeeperError {
                await registrationService?.deregister()
                await http.stop()
                await transactions.server.drain()
                await store.close()
                await session?.close()
                // The report names the registry's ZooKeeper and credentials.
                var named = settings
                named.connectString = registry.connectString
                named.credentials = registry.credentials
                throw StartupFailure.zooKeeper(error, settings: named)
            }
        }

        // Services stop in reverse order on SIGTERM: deregister first (peers stop sending
        // work), then drain the transaction port, stop the recovery jobs, drain HTTP, and stop
        // following ZooKeeper.
        // The worker-id lease stops last: peers take over this coordinator's sessions once it
        // is given back.
        services.insert(contentsOf: transactions.storeServices, at: 0)
        services.append(http)
        services.append(transactions.jobs)
        services.append(transactions.server)
        if let registrationService { services.append(registrationService) }
        // Leaves Seata's registry first: clients stop starting transactions here.
        if let seataRegistry { services.append(seataRegistry) }

        ZooKeeperLibraryLog.route(to: libraryLogger(environment: environment))

        let drain = drainTimeout(loaded.effective, schema: schema)
        let base = "http://\(settings.httpHost):\(http.port)"
        let registered = registrationService.map { "; registered \($0.nodePath)" } ?? ""
        logger.info(
            "Coordinator started: \(loaded.source), \(store.summary); transactions on \(transactions.server.host):\(transactions.server.port) as \(transactions.advertised); serving \(base)/health \(base)/ready \(base)/config \(base)/metrics; console \(base)/ (on \(settings.console.host))\(registered)"
        )
        return CoordinatorServer(
            settings: settings,
            state: state,
            transactions: transactions,
            session: session,
            services: services,
            drainTimeout: drain,
            logger: logger
        )
    }

    /// Connects to ZooKeeper (or reads the file), loads and validates the configuration: the
    /// first half of a start, shared with `--init-store`.
    static func loadConfiguration(settings: BootstrapSettings, environment: [String: String], logger: Logger)
        async throws -> (ConfigSchema, LoadedConfig, RenewingSession?, LiveConfig?, String?)
    {
        let schema = try loadSchema(settings)
        let loader = ConfigLoader(schema: schema, side: .server, environment: environment)

        var session: RenewingSession?
        var live: LiveConfig?
        let loaded: LoadedConfig
        do {
            switch settings.source {
            case .file(let path):
                loaded = try loader.load(file: path)
            case .zooKeeper:
                let connected = try await RenewingSession.connect(settings.clientConfiguration)
                session = connected
                let following = LiveConfig(session: connected, layout: settings.layout, loader: loader, logger: logger)
                live = following
                loaded = try await following.start()
            }
        } catch let error as ZooKeeperError {
            await session?.close()
            throw StartupFailure.zooKeeper(error, settings: settings)
        } catch let error as ConfigLoadError {
            await session?.close()
            throw StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "The configuration cannot be read:",
                problems: ["\(error)"],
                action: "Fix the properties text at the place named, then start again."
            )
        }
        if let session, loaded.stored?.isAbsent ?? false {
            // Under a missing chroot nothing can ever be seeded: say that, not "seed the keys".
            do {
                try await MissingChrootError.check(session.client)
            } catch let error as MissingChrootError {
                await session.close()
                throw StartupFailure.missingChroot(error, settings: settings)
            } catch {}
        }
        let fixCommand: String? = settings.source == .zooKeeper ? ZKConfigCommand(settings: settings).prefix : nil
        logger.info("Schema: \(schema.versionLine)")
        for warning in loaded.report.warnings {
            let fix = fixCommand.map { ValidationReport.fixCommands(warning, command: $0) } ?? []
            let commands = fix.isEmpty ? "" : "; fix: " + fix.joined(separator: " && ")
            logger.warning("Configuration: \(warning.line())\(commands)")
        }
        guard loaded.report.isValid else {
            await session?.close()
            throw StartupFailure.invalidConfiguration(loaded.report, settings: settings, effective: loaded.effective)
        }

        return (schema, loaded, session, live, fixCommand)
    }

    /// `coordinator --init-store`: creates Seata's tables in the configured database (db mode),
    /// in one transaction, and says what it did.
    static func initializeStore(settings: BootstrapSettings, environment: [String: String], logger: Logger)
        async throws -> String
    {
        var quiet = Logger(label: "zookeeper.c")
        quiet.logLevel = .critical
        ZooKeeperLibraryLog.route(to: quiet)
        let (schema, loaded, session, _, _) = try await loadConfiguration(
            settings: settings,
            environment: environment,
            logger: logger
        )
        await session?.close()
        guard try SessionStoreOpener.mode(loaded.effective) == "db" else {
            throw StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "--init-store creates the tables of store.mode=db, but the configuration says:",
                problems: [
                    "store.mode=\(loaded.effective["store.mode"]?.value ?? "") (\(loaded.effective["store.mode"]?.origin.description ?? "unset"))"
                ],
                action: "Set store.mode=db (and store.db.*) first; store.mode=file creates its database by itself."
            )
        }
        let database = try DatabaseSettings.from(loaded.effective, schema: schema)
        let created: [String]
        do {
            created = try await DatabaseStore.initialize(database, logger: logger)
        } catch {
            throw StartupFailure.database(error, settings: database, config: loaded.effective)
        }
        let names = database.tables.all.map(\.name).joined(separator: ", ")
        return created.isEmpty
            ? "Seata's tables (\(names)) were all in \(database) already; nothing created"
            : "Created \(created.joined(separator: ", ")) in \(database); the tables \(names) are ready"
    }

    /// Serves until SIGTERM or SIGINT; then deregisters, drains HTTP, closes the session.
    func run() async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = drainTimeout
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            await transactions.store.close()
            await session?.close()
            throw StartupFailure(
                exitCode: ExitStatus.internalError.code,
                summary: "The coordinator stopped unexpectedly:",
                problems: ["\(error)"],
                action: "See the log above."
            )
        }
        state.setDraining()
        await transactions.store.close()
        await session?.close()
        logger.info("Coordinator stopped")
    }

    /// Where the C library's own log goes once the coordinator runs: its warnings and errors
    /// (`LOG_LEVEL=debug` or `trace`: everything), each repeated line once until the
    /// connection changes (`ZooKeeperLibraryLog` counts the repeats).
    private static func libraryLogger(environment: [String: String]) -> Logger {
        var logger = Logger(label: "zookeeper.c")
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        logger.logLevel = level <= .debug ? level : .warning
        return logger
    }

    /// `coordinator.shutdown.drainTimeout`, typed by the schema (a duration such as `10s`).
    private static func drainTimeout(_ config: ConfigValues, schema: ConfigSchema) -> Duration {
        let key = "coordinator.shutdown.drainTimeout"
        guard let raw = config[key]?.value, let spec = schema.spec(for: key) else { return .seconds(10) }
        switch spec.parse(raw) {
        case .success(.duration(let duration)): return duration
        case .success(.integer(let milliseconds)): return .milliseconds(milliseconds)
        default: return .seconds(10)
        }
    }

    private static func loadSchema(_ settings: BootstrapSettings) throws -> ConfigSchema {
        do {
            // The bootstrap settings already read ZKCONFIG_SCHEMA; without either, the built-in schema.
            return try ConfigSchema.load(explicitPath: settings.schemaPath, environment: [:])
        } catch {
            throw StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "The configuration schema cannot be loaded:",
                problems: ["\(error)"],
                action: "Fix the schema file, or leave out --schema (and ZKCONFIG_SCHEMA) to use the built-in schema."
            )
        }
    }
}

/// Follows the ZooKeeper session's state into `/ready` and the metrics.
struct SessionStateService: Service {
    let session: RenewingSession
    let state: RunningState
    let metrics: CoordinatorMetrics

    func run() async throws {
        var generation = session.generation
        for await change in session.states().cancelOnGracefulShutdown() {
            state.setSession(change)
            metrics.record(change)
            if session.generation != generation {
                generation = session.generation
                metrics.sessionRenewals.increment()
            }
        }
    }
}

/// Marks the coordinator as serving once its service group runs.
///
/// The group sets its signal handlers before it starts any service, so from here on a SIGTERM
/// drains the coordinator instead of killing it; `/ready` answers 200 only then.
struct ServingMarker: Service {
    let state: RunningState

    func run() async throws {
        state.setServing()
        try? await gracefulShutdown()
    }
}
