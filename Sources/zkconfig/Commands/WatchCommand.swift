import ArgumentParser
import ConfigCenter
import Logging
import ZooKeeper

/// `zkconfig watch [KEY…]`: a line per change until interrupted.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print a line per change of the given keys (or of every key) until interrupted.",
        discussion: """
            Text lines are KEY=VALUE for a created or changed key and `KEY deleted`; with \
            --format json, one JSON object per line {"event", "key", "value", "path", "version", \
            "time"}. Secrets are <redacted>. Writes closer together than a round trip may be \
            reported as one change, and a write of the same value is no change (ZooKeeper \
            watches are one-shot; each state is read afresh). It follows the configuration \
            across reconnects and leader changes; when the session expires it opens a new one, \
            reloads everything and prints what changed meanwhile (connection news go to stderr). \
            With --layout node it follows what Seata reads: the node, then the per-key znodes \
            under --root. Exits 0 on SIGINT or SIGTERM; 69 only when ZooKeeper cannot be reached \
            within --timeout at the start.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Keys to watch; none means every key.")
    var keys: [String] = []

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            for key in keys { try KeyArgument.check(key, layout: settings.layout) }
            let interrupts = InterruptSignals.install()
            var logger = Logger(label: "zkconfig.watch")
            logger.logLevel = settings.verbose ? .debug : .critical
            let session = try await RenewingSession.connect(context.clientConfiguration, retryDelay: .milliseconds(500))
            let live = LiveConfig(
                session: session,
                layout: settings.layout,
                // Every state is reported, so none is refused: keys are text here, secrets
                // and display come from the real schema.
                loader: ConfigLoader(schema: .permissive, side: .both, environment: [:]),
                logger: logger
            )
            let initial: LoadedConfig
            do {
                initial = try await live.start()
            } catch {
                await session.close()
                throw error
            }
            let changes = live.changes()
            let printer = WatchPrinter(
                keys: Set(keys),
                format: settings.format,
                schema: context.schema,
                initial: initial
            )
            let watched = keys.isEmpty ? "every key (\(printer.count) now)" : "\(printer.count) keys"
            Console.message("watching \(watched) in \(settings.subject); Ctrl-C stops")
            await withDiscardingTaskGroup { group in
                group.addTask { try? await live.run() }
                group.addTask { await Self.reportConnection(of: session) }
                group.addTask {
                    var printer = printer
                    for await change in changes {
                        switch change {
                        case .accepted(let config, _):
                            for line in printer.lines(for: config) { Console.out(line) }
                        case .rejected(let rejection):
                            for reason in rejection.reasons { Console.message("warning: \(reason)") }
                        }
                    }
                }
                for await _ in interrupts { break }
                group.cancelAll()
            }
            await session.close()
            return .ok
        }
    }

    /// Says on stderr when the connection is lost, back, or the session renewed.
    private static func reportConnection(of session: RenewingSession) async {
        var lost = false
        for await state in session.states() {
            switch state {
            case .disconnected, .connecting:
                if !lost { Console.message("connection to ZooKeeper lost; reconnecting") }
                lost = true
            case .expired:
                Console.message("ZooKeeper session expired; opening a new session and reloading")
                lost = true
            case .authFailed:
                Console.message("ZooKeeper refused the credentials; retrying")
                lost = true
            case .connected, .connectedReadOnly:
                if lost { Console.message("connected to ZooKeeper again (session \(session.generation))") }
                lost = false
            case .closed:
                return
            }
        }
    }
}
