import ArgumentParser
import ConfigCenter
import Dispatch
import Foundation

/// `zkconfig watch [KEY…]`: a line per change until interrupted.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print a line per change of the given keys (or of every key) until interrupted.",
        discussion: """
            Text lines are KEY=VALUE for a created or changed key and `KEY deleted`; with \
            --format json, one JSON object per line {"event", "key", "value", "path", "version", \
            "time"}. Secrets are <redacted>. Changes closer together than a round trip may be \
            reported as one (ZooKeeper watches are one-shot). Exits 0 on SIGINT or SIGTERM, 69 \
            when the session is lost for good.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Keys to watch; none means every key.")
    var keys: [String] = []

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            for key in keys { try KeyArgument.check(key) }
            let stop = SignalExit.install()
            let schema = context.schema
            let format = settings.format
            let keys = self.keys
            let client = try await context.connect()
            let watcher = ConfigWatcher(
                client: client,
                layout: settings.layout,
                keys: keys,
                ready: { count in
                    Console.message(
                        "watching \(keys.isEmpty ? "every key (\(count) now)" : "\(count) keys") in \(settings.subject); "
                            + "Ctrl-C stops"
                    )
                },
                report: { change in Console.out(change.line(format: format, schema: schema)) }
            )
            try await watcher.run()
            _ = stop
            await client.close()
            return .ok
        }
    }
}

/// Ends the process with status 0 on SIGINT or SIGTERM: the way `watch` stops.
enum SignalExit {
    /// Installs the handlers; keep the returned sources alive.
    static func install() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM]
            .map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                // Output is written unbuffered, so nothing is lost by exiting here.
                source.setEventHandler { exit(0) }
                source.resume()
                return source
            }
    }
}
