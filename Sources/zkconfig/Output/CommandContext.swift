import ArgumentParser
import CommandLineContract
import ConfigCenter
import Logging
import ZooKeeper

/// What every subcommand needs: resolved settings, the schema, a session, and one place that
/// turns errors into a message and an exit code.
struct CommandContext {
    let settings: Settings
    let schema: ConfigSchema

    /// Runs a subcommand's body and exits with its status.
    ///
    /// An error is printed (never with credentials) and mapped to its exit code. `writes` says whether the command writes (for
    /// the messages).
    static func run(
        _ options: GlobalOptions,
        writes: Bool = false,
        _ body: (CommandContext) async throws -> ExitStatus
    ) async throws {
        var settings: Settings?
        let status: ExitStatus
        do {
            let resolved = try options.resolved()
            settings = resolved
            Self.bootstrapLogging(verbose: resolved.verbose)
            let schema = try ConfigSchema.load(explicitPath: resolved.schemaPath)
            status = try await body(CommandContext(settings: resolved, schema: schema))
        } catch let error as ValidationError {
            Console.message("\(error.message)")
            throw ExitCode(ExitStatus.usage.rawValue)
        } catch {
            let (code, message) = ExitStatus.classify(error, settings: settings, writes: writes)
            Console.message(message)
            throw ExitCode(code.rawValue)
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// The client configuration of the global options: `--connect`, `--auth`, `--timeout`
    /// (to connect), `--session-timeout`.
    var clientConfiguration: ZooKeeperClient.Configuration {
        var logger = Logger(label: "zkconfig.zookeeper")
        logger.logLevel = settings.verbose ? .debug : .critical
        return .init(
            connectString: settings.connect,
            sessionTimeout: settings.sessionTimeout,
            connectTimeout: settings.timeout,
            credentials: settings.credentials,
            logger: logger
        )
    }

    /// Connects a session with the global options, bounded by `--timeout`.
    func connect() async throws -> ZooKeeperClient {
        try await ZooKeeperClient.connect(clientConfiguration)
    }

    /// Runs `body` with a connected session and closes it afterwards.
    func withClient<T>(_ body: (ZooKeeperClient) async throws -> T) async throws -> T {
        let client = try await connect()
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    private static func bootstrapLogging(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .critical
            return handler
        }
        // The C library logs to stderr at INFO on its own; keep it out of the output unless asked.
        var library = Logger(label: "zookeeper.c")
        library.logLevel = verbose ? .info : .critical
        ZooKeeperLibraryLog.route(to: library)
    }
}
