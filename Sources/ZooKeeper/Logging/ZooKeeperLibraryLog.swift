internal import CZooKeeper
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Routes the ZooKeeper C library's own log into swift-log.
///
/// The C library logs process-wide, to stderr at INFO by default. The first `ZooKeeperClient`
/// takes that over: every line the library writes, with or without a handle, goes to the
/// logger set here (label `zookeeper.c` at level warning unless you choose another), at the matching level
/// (`ZOO_ERROR` → error, `ZOO_WARN` → warning, `ZOO_INFO` → info, `ZOO_DEBUG` → debug).
/// The library is told to produce nothing below the logger's level, so a quiet logger costs
/// nothing. Nothing reaches stderr unless your logging backend puts it there.
///
/// While a server is down the library repeats the same lines several times a second (a refused
/// connection per server per attempt). Each distinct line is logged once; its repeats are
/// counted, and the count is logged when a session's connection changes (connected again, or
/// lost again), or once a minute while it lasts.
public enum ZooKeeperLibraryLog {
    private static let logger = Mutex(
        {
            // Out of the box only the library's warnings and errors: its INFO chatter on every
            // connect is not something a caller asked for.
            var logger = Logger(label: "zookeeper.c")
            logger.logLevel = .warning
            return logger
        }()
    )
    private static let installed = Mutex(false)
    private static let repeats = Mutex(RepeatedLines())

    /// Lines already logged since the connection last changed, and their repeats since.
    package struct RepeatedLines {
        package struct Seen {
            package var level: Logger.Level
            package var function: String?
            package var message: String
            package var repeats = 0
            package var lastReport: ContinuousClock.Instant
        }

        var seen: [String: Seen] = [:]

        package init() {}

        /// The line to log now; nil when it is a repeat to count.
        ///
        /// A repeat that has gone on for a minute since its last report is let through with its count.
        package mutating func admit(
            level: Logger.Level,
            function: String?,
            message: String,
            now: ContinuousClock.Instant
        ) -> String? {
            let key = "\(level)|\(function ?? "")|\(message)"
            guard var entry = seen[key] else {
                seen[key] = Seen(level: level, function: function, message: message, lastReport: now)
                return message
            }
            entry.repeats += 1
            defer { seen[key] = entry }
            guard now - entry.lastReport >= .seconds(60) else { return nil }
            defer {
                entry.repeats = 0
                entry.lastReport = now
            }
            return "\(message) (repeated \(entry.repeats) times in the last minute)"
        }

        /// The counts of the repeats not reported yet, each line once, and a fresh start.
        package mutating func flush() -> [Seen] {
            defer { seen = [:] }
            return seen.values.filter { $0.repeats > 0 }.sorted { $0.message < $1.message }
        }
    }

    /// A session's connection changed: the repeats counted since the last change are logged
    /// with their count, and the next outage's lines are logged afresh.
    static func connectionChanged(to state: SessionState) {
        let counted = repeats.withLock { $0.flush() }
        guard !counted.isEmpty else { return }
        let logger = logger.withLock { $0 }
        for line in counted {
            logger.log(
                level: line.level,
                "\(line.message) (repeated \(line.repeats) more time\(line.repeats == 1 ? "" : "s"); now \(state))",
                metadata: line.function.map { ["function": "\($0)"] } ?? [:]
            )
        }
    }

    /// Sends the C library's log to `logger` from now on, at levels from `logger.logLevel` up.
    public static func route(to logger: Logger) {
        self.logger.withLock { $0 = logger }
        installIfNeeded()
        zoo_set_debug_level(cLevel(logger.logLevel))
    }

    /// Takes over the library's log stream, once per process.
    static func installIfNeeded() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        // Lines logged without a handle go to the library's global stream: make that stream
        // a cookie whose writes land in swift-log.
        var functions = czk_cookie_io_functions()
        functions.write = { _, buffer, size in
            guard let buffer else { return size }
            let text = String(
                decoding: UnsafeRawBufferPointer(start: buffer, count: size),
                as: UTF8.self
            )
            for line in text.split(separator: "\n") { ZooKeeperLibraryLog.emit(String(line)) }
            return size
        }
        if let stream = czk_fopencookie(nil, "w", functions) {
            setvbuf(stream, nil, _IOLBF, 0)
            zoo_set_log_stream(stream)
        }
        zoo_set_debug_level(cLevel(logger.withLock { $0.logLevel }))
    }

    /// The per-handle callback given to `zookeeper_init2`.
    static let callback: log_callback_fn = { message in
        guard let message else { return }
        ZooKeeperLibraryLog.emit(String(cString: message))
    }

    /// Parses `time:pid(0xthread):ZOO_LEVEL@function@line: message` and logs it.
    static func emit(_ line: String) {
        let parsed = parse(line)
        let logger = logger.withLock { $0 }
        guard logger.logLevel <= parsed.level else { return }
        let shown = repeats.withLock {
            $0.admit(level: parsed.level, function: parsed.function, message: parsed.message, now: .now)
        }
        guard let shown else { return }
        logger.log(
            level: parsed.level,
            "\(shown)",
            metadata: parsed.function.map { ["function": "\($0)"] } ?? [:]
        )
    }

    package static func parse(_ line: String) -> (level: Logger.Level, function: String?, message: String) {
        let trimmed = line.hasSuffix("\n") ? String(line.dropLast()) : line
        guard let marker = trimmed.firstRange(of: "):ZOO_") else { return (.info, nil, trimmed) }
        let rest = trimmed[marker.upperBound...]
        let parts = rest.split(separator: "@", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return (.info, nil, trimmed) }
        let level: Logger.Level =
            switch parts[0] {
            case "ERROR": .error
            case "WARN": .warning
            case "INFO": .info
            default: .debug
            }
        let message = parts[2].firstRange(of: ": ").map { String(parts[2][$0.upperBound...]) } ?? String(parts[2])
        return (level, String(parts[1]), message)
    }

    private static func cLevel(_ level: Logger.Level) -> ZooLogLevel {
        switch level {
        case .trace, .debug: ZOO_LOG_LEVEL_DEBUG
        case .info, .notice: ZOO_LOG_LEVEL_INFO
        case .warning: ZOO_LOG_LEVEL_WARN
        case .error: ZOO_LOG_LEVEL_ERROR
        case .critical: ZooLogLevel(rawValue: 0)  // the library has nothing above ERROR: silence it
        }
    }
}
