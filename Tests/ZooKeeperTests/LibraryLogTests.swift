import Logging
import Synchronization
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// The C library's log reaches swift-log, with levels mapped, and nothing else.
@Suite(.serialized) struct LibraryLogTests {
    @Test func parsesTheLibrarysLineFormat() {
        let line =
            "2026-11-26 17:35:50,123:4242(0x7f00aa):ZOO_ERROR@handle_socket_error_msg@1290: Socket [127.0.0.1:1] zk retcode=-4"
        let parsed = ZooKeeperLibraryLog.parse(line)
        #expect(parsed.level == .error)
        #expect(parsed.function == "handle_socket_error_msg")
        #expect(parsed.message == "Socket [127.0.0.1:1] zk retcode=-4")
        #expect(ZooKeeperLibraryLog.parse("2026:1(0x1):ZOO_WARN@f@1: w").level == .warning)
        #expect(ZooKeeperLibraryLog.parse("2026:1(0x1):ZOO_INFO@f@1: i").level == .info)
        #expect(ZooKeeperLibraryLog.parse("2026:1(0x1):ZOO_DEBUG@f@1: d").level == .debug)
        #expect(ZooKeeperLibraryLog.parse("no format at all").message == "no format at all")
    }

    @Test func aRepeatedLineIsLoggedOnceThenCountedUntilTheConnectionChanges() {
        var lines = ZooKeeperLibraryLog.RepeatedLines()
        let start = ContinuousClock.now
        let refused = "Socket [127.0.0.1:1] zk retcode=-4, errno=111(Connection refused)"
        #expect(lines.admit(level: .error, function: "check_events", message: refused, now: start) == refused)
        for second in 1...30 {
            #expect(
                lines.admit(level: .error, function: "check_events", message: refused, now: start + .seconds(second))
                    == nil
            )
        }
        #expect(lines.admit(level: .warning, function: "f", message: "other", now: start) == "other", "each line once")
        // A minute on, still down: once more, with the count.
        #expect(
            lines.admit(level: .error, function: "check_events", message: refused, now: start + .seconds(61))
                == "\(refused) (repeated 31 times in the last minute)"
        )
        #expect(
            lines.admit(level: .error, function: "check_events", message: refused, now: start + .seconds(62)) == nil
        )
        let counted = lines.flush()
        #expect(counted.map(\.message) == [refused])
        #expect(counted.first?.repeats == 1)
        #expect(lines.admit(level: .error, function: "check_events", message: refused, now: start) == refused, "afresh")
    }

    @Test func connectionErrorsAreLoggedThroughSwiftLog() async throws {
        let records = Records()
        var logger = Logger(label: "test.zookeeper.c") { _ in CapturingHandler(records: records) }
        logger.logLevel = .info
        ZooKeeperLibraryLog.route(to: logger)
        defer {
            var quiet = Logger(label: "zookeeper.c")
            quiet.logLevel = .critical
            ZooKeeperLibraryLog.route(to: quiet)
        }
        let port = try FreePort.reserve()
        _ = try? await ZooKeeperClient.connect(.init(connectString: "127.0.0.1:\(port)", connectTimeout: .seconds(1)))
        let lines = records.lines
        #expect(lines.contains { $0.level == .error && $0.message.contains("127.0.0.1:\(port)") }, "\(lines.prefix(5))")
        #expect(lines.contains { $0.level == .info })
    }
}

final class Records: Sendable {
    private let storage = Mutex<[(level: Logger.Level, message: String)]>([])
    var lines: [(level: Logger.Level, message: String)] { storage.withLock { $0 } }
    func append(_ level: Logger.Level, _ message: String) { storage.withLock { $0.append((level, message)) } }
}

struct CapturingHandler: LogHandler {
    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        records.append(event.level, "\(event.message)")
    }
}
