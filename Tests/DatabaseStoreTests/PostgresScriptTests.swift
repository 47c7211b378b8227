import Foundation
import Testing
import ZooKeeperTestSupport

/// Tools/postgres.sh starting a real PostgreSQL on a port another socket holds.
struct PostgresScriptTests {
    static let script = TestEnvironment.packageRoot + "/Tools/postgres.sh"

    /// A port found free can be taken before the postmaster binds it: a new cluster on a port it
    /// picked itself moves to another one.
    @Test func aNewClusterWhosePickedPortIsTakenStartsOnAnother() async throws {
        let copy = try TakenPortScript(copying: "postgres.sh")
        defer { copy.close() }
        let directory = NSTemporaryDirectory() + "pg-taken-" + UUID().uuidString.prefix(8).lowercased()
        defer { Task { _ = try? await ProcessRunner.run(Self.script, ["destroy", directory]) } }

        let started = try await ProcessRunner.run(copy.script, ["start", directory])
        #expect(started.status == 0, "\(started.stderr)")
        let port = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last
        #expect(port.flatMap { Int($0) } != copy.takenPort)
        #expect(copy.picks == 2)
        let status = try await ProcessRunner.run(Self.script, ["status", directory])
        #expect(status.stdout.hasSuffix("running\n"), "\(status.stdout)")
    }

    /// A port the caller chose is never changed; the failure quotes the server's own words.
    @Test func aChosenPortThatIsTakenFailsQuotingTheServerLog() async throws {
        let copy = try TakenPortScript(copying: "postgres.sh")
        defer { copy.close() }
        let directory = NSTemporaryDirectory() + "pg-taken-" + UUID().uuidString.prefix(8).lowercased()
        defer { Task { _ = try? await ProcessRunner.run(Self.script, ["destroy", directory]) } }

        let started = try await ProcessRunner.run(copy.script, ["start", directory, "--port", "\(copy.takenPort)"])
        #expect(started.status == 1)
        #expect(started.stderr.contains("did not start"))
        #expect(started.stderr.contains("Address already in use"), "\(started.stderr)")
        #expect(copy.picks == 0)
    }
}
