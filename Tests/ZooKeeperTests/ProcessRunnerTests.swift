import Testing
import ZooKeeperTestSupport

/// The test harness itself: child processes are run and their output collected.
@Suite struct ProcessRunnerTests {
    @Test func collectsOutputAndStatus() async throws {
        let result = try await withTimeout(.seconds(10), "sh") {
            try await ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        }
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }
}
