import Foundation
import Testing
import ZooKeeperTestSupport

/// Tools/zookeeper.sh starting a real ZooKeeper on a port another socket holds.
struct ZooKeeperScriptTests {
    /// A port found free can be taken before the JVM binds it: a new server on ports it picked
    /// itself starts over on other ones, and says so.
    @Test func aNewServerWhosePickedPortIsTakenStartsOnAnother() async throws {
        let copy = try TakenPortScript(copying: "zookeeper.sh")
        defer { copy.close() }
        let directory = NSTemporaryDirectory() + "zk-taken-" + UUID().uuidString.prefix(8).lowercased()
        defer { Task { _ = try? await ProcessRunner.run(TestEnvironment.zookeeperScript, ["destroy", directory]) } }

        let started = try await ProcessRunner.run(copy.script, ["start", directory])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stderr.contains("was taken before the server bound it"))
        let port = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last
        #expect(port.flatMap { Int($0) } != copy.takenPort)
        #expect(copy.picks == 2)
        let status = try await ProcessRunner.run(TestEnvironment.zookeeperScript, ["status", directory])
        #expect(status.stdout.contains(" running standalone"), "\(status.stdout)")
    }

    /// A port the caller chose is never changed; the failure quotes the server's own words.
    @Test func aChosenPortThatIsTakenFailsQuotingTheServerLog() async throws {
        let copy = try TakenPortScript(copying: "zookeeper.sh")
        defer { copy.close() }
        let directory = NSTemporaryDirectory() + "zk-taken-" + UUID().uuidString.prefix(8).lowercased()
        defer { Task { _ = try? await ProcessRunner.run(TestEnvironment.zookeeperScript, ["destroy", directory]) } }

        let started = try await ProcessRunner.run(copy.script, ["start", directory, "--port", "\(copy.takenPort)"])
        #expect(started.status == 1)
        #expect(started.stderr.contains("exited"))
        #expect(started.stderr.contains("java.net.BindException: Address already in use"), "\(started.stderr)")
        #expect(copy.picks == 0)
    }
}
