import Foundation
import ZooKeeperTestSupport

/// A real MariaDB on a free loopback port for one suite, started and destroyed by
/// `Tools/mariadb.sh` (stopped by pid, data in a temporary folder).
struct TestMariaDB {
    let directory: String
    /// `MARIADB_HOST`, `MARIADB_PORT`, … as `Tools/mariadb.sh info` prints them: the environment
    /// the seata-python AT script reads.
    let environment: [String: String]

    static var script: String { TestEnvironment.packageRoot + "/Tools/mariadb.sh" }

    static func start() async throws -> TestMariaDB {
        let directory = NSTemporaryDirectory() + "mariadb-" + UUID().uuidString.prefix(8).lowercased()
        let started = try await ProcessRunner.run(script, ["start", directory])
        guard started.status == 0 else {
            throw TestSetupError("Tools/mariadb.sh start failed (\(started.status)): \(started.stderr)")
        }
        let info = try await ProcessRunner.run(script, ["info", directory])
        var environment: [String: String] = [:]
        for line in info.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            environment[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        return TestMariaDB(directory: directory, environment: environment)
    }

    func destroy() async {
        _ = try? await ProcessRunner.run(Self.script, ["destroy", directory])
    }
}
