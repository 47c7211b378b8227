import Testing
import ZooKeeperTestSupport

/// An unreachable ZooKeeper exits 69 within the connect timeout plus two seconds.
///
/// The bound proves the wait ends (the C library alone retries a dead port forever); its
/// slack covers process start and exit, and a scheduling stall of one second once seen on a
/// loaded two-core CI box.
///
/// Timing-sensitive: `Tools/test.sh` runs every `ConnectTimeoutTests` suite on its own first,
/// so the rest of the suite cannot delay its timers.
@Suite struct ConnectTimeoutTests {
    @Test func unreachableZooKeeperExits69WithinTheTimeout() async throws {
        let port = try FreePort.reserve()
        let result = try await ProcessRunner.run(
            ProcessRunner.executable("zkconfig"),
            ["--connect", "127.0.0.1:\(port)", "--timeout", "1", "validate"]
        )
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.elapsed < .seconds(3), "took \(result.elapsed)")
        #expect(result.stderr.contains("127.0.0.1:\(port)"))
    }

    @Test func watchExits69OnlyWhenZooKeeperIsUnreachableAtTheStart() async throws {
        let port = try FreePort.reserve()
        let result = try await ProcessRunner.run(
            ProcessRunner.executable("zkconfig"),
            ["--connect", "127.0.0.1:\(port)", "--timeout", "1", "watch"]
        )
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.elapsed < .seconds(3), "took \(result.elapsed)")
    }
}
