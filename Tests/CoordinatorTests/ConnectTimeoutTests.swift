import CoordinatorTestSupport
import Testing
import ZooKeeperTestSupport

/// A coordinator facing a dead ZooKeeper exits 69 within the connect timeout plus two seconds.
///
/// The bound proves the wait ends (the C library alone retries a dead port forever); its
/// slack covers process start and exit, and a scheduling stall of one second once seen on a
/// loaded two-core CI box.
///
/// Timing-sensitive: `Tools/test.sh` runs every `ConnectTimeoutTests` suite on its own first.
@Suite struct ConnectTimeoutTests {
    @Test func deadZooKeeperExits69WithinTheConnectTimeout() async throws {
        let port = try FreePort.reserve()
        let coordinator = try CoordinatorHarness(connect: "127.0.0.1:\(port)", root: "/seata")
        let result = try await coordinator.run(["--timeout", "2"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.elapsed < .seconds(4), "took \(result.elapsed)")
        #expect(result.stderr.contains("ZooKeeper is not reachable at 127.0.0.1:\(port)"))
        #expect(result.stderr.contains("--connect"))
    }
}
