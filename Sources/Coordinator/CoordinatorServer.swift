import CommandLineContract
import ConfigCenter
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

        let schema = try loadSchema(settings)
        let loader = ConfigLoader(schema: schema, side: .server, environment: environment)
        let metrics = CoordinatorMetrics.bootstrap()

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
        let fixCommand: String? = settings.source == .zooKeeper ? ZKConfigCommand(settings: settings).prefix : nil
        logger.info("Schema: \(schema.versionLine)")
        for warning in loaded.report.warnings {
            let fix = fixCommand.map { ValidationReport.fixCommands(warning, command: $0) } ?? []
            let commands = fix.isEmpty ? "" : "; fix: " + fix.joined(separator: " && ")
            logger.warning("Configuration: \(warning.line())\(commands)")
        }
        guard loaded.report.isValid else {
            await session?.close()
            throw StartupFailure.invalidConfiguration(loaded.report, settings: settings)
        }

        var settings = settings
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
        if settings.httpPort == 0 { settings.httpPort = FreePort.pick(host: settings.httpHost) ?? 0 }
        let state = RunningState(schema: schema, startup: loaded.effective, warnings: loaded.report.warnings)
        // Store open and transaction port bound before anything is registered: a coordinator
        // that cannot serve never appears in the registry.
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

        var services: [any Service] = []
        var registrationService: InstanceRegistration?
        if let session {
            let registryPath = loaded.effective["coordinator.registry.path"]?.value ?? "/seata-coordinator/instances"
            let registration = InstanceRegistration(
                session: session,
                registryPath: registryPath,
                host: settings.httpHost,
                port: settings.httpPort,
                logger: logger
            )
            do {
                try await registration.register()
            } catch let error as ZooKeeperError {
                await transactions.server.drain()
                await store.close()
                await session.close()
                throw StartupFailure.zooKeeper(error, settings: settings)
            }
            if let live {
                services.append(live)
                services.append(ConfigFollower(live: live, state: state, metrics: metrics, logger: logger))
            }
            services.append(SessionStateService(session: session, state: state, metrics: metrics))
            registrationService = registration
        }

        let describe: @Sendable () -> ConfigView.Context = { [settings, session] in
            ConfigView.Context(
                source: loaded.source,
                connect: session == nil ? nil : settings.connectString,
                sessionGeneration: session?.generation,
                fixCommand: fixCommand
            )
        }
        let console = await OperatorConsole.make(settings: settings.console, core: transactions.core, logger: logger)
        let app = Application(
            router: OpsRoutes.router(state: state, metrics: metrics, console: console, describe: describe),
            configuration: .init(
                address: .hostname(settings.httpHost, port: settings.httpPort),
                serverName: "coordinator"
            ),
            logger: logger
        )
        // Services stop in reverse order on SIGTERM: deregister first (peers stop sending
        // work), then drain the transaction port, stop the recovery jobs, drain HTTP, and stop
        // following ZooKeeper.
        services.append(app)
        services.append(transactions.jobs)
        services.append(transactions.server)
        if let registrationService { services.append(registrationService) }

        var libraryLogger = Logger(label: "zookeeper.c")
        libraryLogger.logLevel = .warning
        ZooKeeperLibraryLog.route(to: libraryLogger)

        let drain = drainTimeout(loaded.effective, schema: schema)
        let base = "http://\(settings.httpHost):\(settings.httpPort)"
        logger.info(
            "Coordinator started: \(loaded.source), store.mode=file at \(store.databasePath) (flushDiskMode \(store.options.flushDiskMode)); transactions on \(transactions.server.host):\(transactions.server.port) as \(transactions.advertised); serving \(base)/health \(base)/ready \(base)/config \(base)/metrics; console \(base)/ (on \(settings.console.host))"
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
                action: "See the log above; if the HTTP port is in use, pick another with --http-port or HTTP_PORT."
            )
        }
        state.setDraining()
        await transactions.store.close()
        await session?.close()
        logger.info("Coordinator stopped")
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
