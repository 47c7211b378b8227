import CommandLineContract
import ConfigCenter
import Foundation
import Logging

/// The `coordinator` executable's whole behaviour, callable from tests: parse the bootstrap
/// settings, start, run until SIGTERM or SIGINT, and return the exit code.
public enum CoordinatorMain {
    /// Runs the coordinator and returns its exit code.
    ///
    /// 0 after a clean shutdown, 64 bad usage, 69 ZooKeeper unreachable, 71 a port that cannot
    /// be bound, 77 credentials or ACL refused, 78 configuration invalid or unusable (a
    /// registration collision included), 70 anything else. With `sessions`, `locks`, `redrive`,
    /// `delete` or `login` as the first argument, talks to a running coordinator's console
    /// instead (`ConsoleCommand`).
    ///
    /// A refusal to start prints one report to stderr.
    ///
    /// - Parameters:
    ///   - arguments: The command line, program name first.
    ///   - environment: The environment variables.
    /// - Returns: The process exit code.
    public static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        if arguments.count > 1, ConsoleCommand.names.contains(arguments[1]) {
            return ConsoleCommand.run(arguments: arguments, environment: environment)
        }
        if arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }) {
            print(BootstrapFlags.usage)
            return ExitStatus.ok.code
        }
        if arguments.dropFirst().contains("--version") {
            print(versionText)
            return ExitStatus.ok.code
        }
        if let index = arguments.firstIndex(of: "--generate-completion-script") {
            let shell = arguments.dropFirst(index + 1).first ?? ""
            guard let script = BootstrapCompletions.script(for: shell) else {
                printToStderr(
                    "coordinator: --generate-completion-script needs one of \(BootstrapCompletions.shells.joined(separator: ", "))\n"
                )
                return ExitStatus.usage.code
            }
            print(script, terminator: "")
            return ExitStatus.ok.code
        }
        let logger = makeLogger(environment: environment)
        let initStore = arguments.dropFirst().contains(BootstrapFlags.initStore)
        let settings: BootstrapSettings
        do {
            settings = try BootstrapSettings.resolve(
                arguments: arguments.filter { $0 != BootstrapFlags.initStore },
                environment: environment
            )
        } catch {
            printToStderr("coordinator: \(error)\n")
            return ExitStatus.usage.code
        }
        if initStore {
            do {
                let done = try await CoordinatorServer.initializeStore(
                    settings: settings,
                    environment: environment,
                    logger: logger
                )
                print(done)
                return ExitStatus.ok.code
            } catch let failure as StartupFailure {
                printToStderr(failure.description)
                return failure.exitCode
            } catch {
                printToStderr("coordinator: --init-store stopped by an unexpected error: \(error)\n")
                return ExitStatus.internalError.code
            }
        }
        do {
            let coordinator = try await CoordinatorServer.start(
                settings: settings,
                environment: environment,
                logger: logger
            )
            try await coordinator.run()
            return ExitStatus.ok.code
        } catch let failure as StartupFailure {
            printToStderr(failure.description)
            return failure.exitCode
        } catch {
            printToStderr("coordinator: stopped by an unexpected error: \(error)\n")
            return ExitStatus.internalError.code
        }
    }

    /// `coordinator 0.9.0, schema 2 (Apache Seata 2.x …), built-in`: what `--version` prints.
    public static var versionText: String {
        let schema = (try? ConfigSchema.builtIn().versionLine) ?? "built-in schema unreadable"
        return "coordinator \(ProductVersion.current), \(schema)"
    }

    /// One line per event on stderr; `LOG_LEVEL` (trace … critical) sets the level, info by default.
    static func makeLogger(environment: [String: String]) -> Logger {
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "coordinator")
        logger.logLevel = level
        return logger
    }
}

func printToStderr(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
