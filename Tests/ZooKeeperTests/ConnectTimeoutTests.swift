import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Connecting to a dead port fails within the connect timeout plus two seconds.
///
/// The bound proves the wait ends (the C library alone retries a dead port forever); its
/// slack covers process start and exit, and a scheduling stall of one second once seen on a
/// loaded two-core CI box.
///
/// Timing-sensitive: `Tools/test.sh` runs every `ConnectTimeoutTests` suite on its own before
/// the rest, so the suite's own CPU-heavy tests (fuzzing, JVMs) cannot delay its timers.
@Suite struct ConnectTimeoutTests {
    @Test func deadPortFailsWithinTheConnectTimeoutNamingTheConnectString() async throws {
        let port = try FreePort.reserve()
        let connect = "127.0.0.1:\(port)"
        let started = ContinuousClock.now
        let error = await #expect(throws: ZooKeeperError.self) {
            try await ZooKeeperClient.connect(.init(connectString: connect, connectTimeout: .seconds(2)))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .connectTimeout)
        #expect(error?.description.contains(connect) == true, "\(error?.description ?? "")")
        #expect(elapsed < .seconds(4), "took \(elapsed)")
        #expect(elapsed >= .seconds(2))
    }
}
