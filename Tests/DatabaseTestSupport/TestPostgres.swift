import Foundation
import ZooKeeperTestSupport

/// A real PostgreSQL for the tests, through Tools/postgres.sh: the shared one Tools/test.sh
/// starts (`PG_TEST_DIR`), or a private one a test starts and destroys (to stop and restart it).
///
/// Each test works in a database of its own (`createDatabase`), owned by the user `seata`
/// (password `seata`), so tests never see each other's rows.
public final class TestPostgres: Sendable {
    /// The cluster's folder (Tools/postgres.sh state).
    public let directory: String
    /// The loopback port it listens on.
    public let port: Int
    private let owned: Bool

    private init(directory: String, port: Int, owned: Bool) {
        self.directory = directory
        self.port = port
        self.owned = owned
    }

    /// The user every test connects as, and its password.
    public static let user = "seata"
    /// The password of `user` (and of the superuser) over TCP.
    public static let password = "seata"

    static var script: String { TestEnvironment.packageRoot + "/Tools/postgres.sh" }

    /// The server Tools/test.sh started.
    public static func shared() throws -> TestPostgres {
        guard let directory = ProcessInfo.processInfo.environment["PG_TEST_DIR"], !directory.isEmpty else {
            throw TestSetupError(
                "PG_TEST_DIR is not set: run the tests through ./Tools/test.sh, which starts a real PostgreSQL, "
                    + "or start one with Tools/postgres.sh start DIR and export DIR as PG_TEST_DIR"
            )
        }
        let port = try String(contentsOfFile: directory + "/port", encoding: .utf8)
        guard let number = Int(port.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSetupError("\(directory)/port does not hold a port number")
        }
        return TestPostgres(directory: directory, port: number, owned: false)
    }

    /// A private server, for tests that stop or restart it; `durable` keeps PostgreSQL's fsync
    /// (off by default: the data is throwaway), for tests that count WAL flushes.
    public static func start(durable: Bool = false) async throws -> TestPostgres {
        let directory = NSTemporaryDirectory() + "pg-test-" + UUID().uuidString.prefix(8).lowercased()
        let result = try await ProcessRunner.run(script, ["start", directory] + (durable ? ["--durable"] : []))
        guard result.status == 0 else {
            throw TestSetupError("postgres.sh start failed (\(result.status)): \(result.stderr)")
        }
        let endpoint = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = endpoint.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw TestSetupError("postgres.sh start printed '\(endpoint)'")
        }
        return TestPostgres(directory: directory, port: port, owned: true)
    }

    /// A new empty database owned by `seata`; its JDBC URL.
    public func createDatabase(_ prefix: String) async throws -> (name: String, url: String) {
        let name =
            prefix.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" } + "_"
            + UUID().uuidString.prefix(8).lowercased()
        try await psql("postgres", "CREATE DATABASE \(name) OWNER seata")
        return (name, "jdbc:postgresql://127.0.0.1:\(port)/\(name)")
    }

    /// A new database with Seata's tables (Config/sql/postgresql.sql), all owned by `seata`.
    public func createSeataDatabase(_ prefix: String) async throws -> (name: String, url: String) {
        let (database, url) = try await createDatabase(prefix)
        try await apply(file: TestEnvironment.packageRoot + "/Config/sql/postgresql.sql", to: database)
        try await psql(
            database,
            "ALTER TABLE global_table OWNER TO seata; ALTER TABLE branch_table OWNER TO seata; ALTER TABLE lock_table OWNER TO seata; ALTER TABLE distributed_lock OWNER TO seata"
        )
        return (database, url)
    }

    /// The configuration keys of `store.mode=db` on the database at `url`, as user `seata`.
    public static func storeKeys(url: String) -> [String: String] {
        [
            "store.mode": "db",
            "store.db.dbType": "postgresql",
            // Seata's schema requires them in db mode; this coordinator reads neither (/config says so).
            "store.db.datasource": "hikari",
            "store.db.driverClassName": "org.postgresql.Driver",
            "store.db.url": url,
            "store.db.user": user,
            "store.db.password": password,
            "store.db.minConn": "2",
            "store.db.maxConn": "20",
        ]
    }

    /// Runs SQL as the superuser in `database`; the rows as `a|b` lines.
    @discardableResult
    public func psql(_ database: String, _ sql: String) async throws -> String {
        let result = try await ProcessRunner.run(Self.script, ["psql", directory, "-d", database, "-tA", "-c", sql])
        guard result.status == 0 else {
            throw TestSetupError("psql on \(database) failed (\(result.status)): \(result.stderr)\nSQL: \(sql)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Applies a SQL file as the superuser in `database`.
    public func apply(file: String, to database: String) async throws {
        let result = try await ProcessRunner.run(
            Self.script,
            ["psql", directory, "-d", database, "-v", "ON_ERROR_STOP=1", "-f", file]
        )
        guard result.status == 0 else {
            throw TestSetupError("psql -f \(file) on \(database) failed (\(result.status)): \(result.stderr)")
        }
    }

    /// Fast shutdown; waits until it is gone.
    public func stop() async throws { try await script("stop") }
    /// Starts it again on the same port and data.
    public func restart() async throws { try await script("restart") }

    /// Stops and deletes a private server (the shared one is Tools/test.sh's).
    public func destroy() async {
        guard owned else { return }
        _ = try? await ProcessRunner.run(Self.script, ["destroy", directory])
    }

    private func script(_ command: String) async throws {
        let result = try await ProcessRunner.run(Self.script, [command, directory])
        guard result.status == 0 else {
            throw TestSetupError("postgres.sh \(command) failed (\(result.status)): \(result.stderr)")
        }
    }
}
