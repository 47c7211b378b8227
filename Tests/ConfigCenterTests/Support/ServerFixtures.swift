import ConfigCenter
import Logging
import Synchronization
import ZooKeeper
import ZooKeeperTestSupport

/// Writes keys as another client would: one znode per key under `root` (created if missing).
func seed(_ client: ZooKeeperClient, root: String, _ values: [String: String]) async throws {
    if try await client.exists(root) == nil { try await client.create(root, createParents: true) }
    for (key, value) in values {
        try await client.create("\(root)/\(key)", data: Array(value.utf8))
    }
}

/// A session renewed after expiry, to the shared test server.
func sharedRenewingSession(sessionTimeout: Duration = .seconds(10)) async throws -> RenewingSession {
    try await RenewingSession.connect(
        .init(connectString: TestEnvironment.sharedConnectString(), sessionTimeout: sessionTimeout),
        retryDelay: .milliseconds(100)
    )
}

/// A loader with the repository's schema and a fixed environment (never the test process's).
func serverLoader(environment: [String: String] = [:]) throws -> ConfigLoader {
    ConfigLoader(schema: try Schemas.repository(), side: .server, environment: environment)
}

/// Log lines kept in memory, to check what a component logs.
final class RecordedLog: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger that records here (at debug level and above).
    var logger: Logger {
        var logger = Logger(label: "test") { _ in RecordingHandler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    var all: [String] { lines.withLock { $0 } }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }
}

private struct RecordingHandler: LogHandler {
    let log: RecordedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (metadata.merging(event.metadata ?? [:]) { $1 }).sorted { $0.key < $1.key }
        log.append("\(event.level) \(event.message) \(fields.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}

/// A logger that drops everything.
let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Polls `condition` until it holds, or fails after `timeout`.
func eventually(
    within timeout: Duration = .seconds(10),
    _ what: String,
    _ condition: @escaping @Sendable () async throws -> Bool
) async throws {
    try await withTimeout(timeout, what) {
        while try await !condition() { try await Task.sleep(for: .milliseconds(20)) }
    }
}

extension LoadedConfig {
    /// The effective value of `key`.
    func value(_ key: String) -> String? { effective[key]?.value }
}
