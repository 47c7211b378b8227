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
        logger.log(
            level: parsed.level,
            "\(parsed.message)",
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
