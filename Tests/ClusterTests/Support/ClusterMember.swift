import ConfigCenter
import DatabaseTestSupport
import Foundation
import ZooKeeper
import ZooKeeperTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A cluster for a test: one configuration root in ZooKeeper (store.mode=db on a database of
/// its own, with Seata's tables), one registry cluster name, and coordinators started on it.
struct Cluster {
    let pg: TestPostgres
    let database: String
    let url: String
    let root: String
    let registryCluster: String
    let zk: ZooKeeperClient

    /// Seeds Config/config.txt plus the db settings (and `extra`) under a fresh root; creates
    /// the tables unless `tables` is false.
    static func make(
        _ name: String,
        pg: TestPostgres? = nil,
        extra: [String: String] = [:],
        tables: Bool = true
    ) async throws -> Cluster {
        let pg = try pg ?? TestPostgres.shared()
        let (database, url) =
            tables ? try await pg.createSeataDatabase(name) : try await pg.createDatabase(name)
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot(name)
        var values: [String: String] = [:]
        for entry in try PropertiesParser.parse(contentsOfFile: TestEnvironment.packageRoot + "/Config/config.txt")
            .entries
        {
            values[entry.key] = entry.value
        }
        values.merge(TestPostgres.storeKeys(url: url)) { _, db in db }
        values["server.distributedLockExpireTime"] = "3000"
        for (key, value) in extra { values[key] = value }
        try await zk.create(root, createParents: true)
        for (key, value) in values { try await zk.create(root + "/" + key, data: Array(value.utf8)) }
        return Cluster(
            pg: pg,
            database: database,
            url: url,
            root: root,
            registryCluster: "c" + root.dropFirst(6),
            zk: zk
        )
    }

    /// Starts a coordinator on the cluster's root, registering in Seata's registry.
    func start(_ extra: [String] = [], environment: [String: String?] = [:], waitReady: Bool = true) async throws
        -> ClusterMember
    {
        let member = try ClusterMember(cluster: self)
        try await member.launch(extra, environment: environment, waitReady: waitReady)
        return member
    }

    /// Runs a coordinator to completion (a startup refusal, `--init-store`).
    func run(_ extra: [String] = [], environment: [String: String?] = [:]) async throws -> ProcessResult {
        let member = try ClusterMember(cluster: self)
        return try await ProcessRunner.run(
            ProcessRunner.executable("coordinator"),
            member.arguments + extra,
            environment: environment,
            currentDirectory: member.workingDirectory
        )
    }

    /// Rows left in Seata's tables (global, branch, lock).
    func leftovers() async throws -> String {
        try await pg.psql(
            database,
            "SELECT (SELECT count(*) FROM global_table) || ' ' || (SELECT count(*) FROM branch_table) || ' ' || (SELECT count(*) FROM lock_table)"
        )
    }

    /// `status:count` of the sessions in the table, and of their branches, for a failure's message.
    func tableStatuses() async throws -> String {
        try await pg.psql(
            database,
            "SELECT 'global ' || coalesce(string_agg(status || ':' || n, ' '), '-') FROM (SELECT status, count(*) AS n FROM global_table GROUP BY status) g UNION ALL SELECT 'branch ' || coalesce(string_agg(status || ':' || n, ' '), '-') FROM (SELECT status, count(*) AS n FROM branch_table GROUP BY status) b"
        )
    }

    func close() async {
        _ = try? await zk.deleteRecursively(root)
        _ = try? await zk.deleteRecursively("/registry/zk/\(registryCluster)")
        await zk.close()
    }
}

/// One coordinator process of a cluster: its own transaction and HTTP ports and folder.
final class ClusterMember: @unchecked Sendable {
    let cluster: Cluster
    let port: Int
    let httpPort: Int
    let workingDirectory: String
    private(set) var process: RunningProcess?

    init(cluster: Cluster) throws {
        self.cluster = cluster
        self.port = try FreePort.reserve()
        self.httpPort = try FreePort.reserve()
        workingDirectory = NSTemporaryDirectory() + "cluster-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: true)
    }

    /// `127.0.0.1:PORT`: its transaction port, as xids and the registry name it.
    var address: String { "127.0.0.1:\(port)" }
    /// Its znode in Seata's registry.
    var registryNode: String { "/registry/zk/\(cluster.registryCluster)/\(address)" }

    var arguments: [String] {
        [
            "--connect", try! TestEnvironment.sharedConnectString(), "--root", cluster.root, "--port", "\(port)",
            "--http-port", "\(httpPort)", "--schema", TestEnvironment.packageRoot + "/Config/schema.json",
            "--registry-type", "zk", "--registry-cluster", cluster.registryCluster,
        ]
    }

    func launch(_ extra: [String], environment: [String: String?], waitReady: Bool) async throws {
        let process = try RunningProcess(
            ProcessRunner.executable("coordinator"),
            arguments + extra,
            environment: environment,
            currentDirectory: workingDirectory
        )
        self.process = process
        guard waitReady else { return }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await get("/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.signal(SIGKILL)
        _ = await process.wait()
        throw TestSetupError("coordinator not ready within 30 s; it printed:\n\(process.stderrSoFar)")
    }

    func get(_ path: String) async throws -> (status: Int, body: String) {
        let url = URL(string: "http://127.0.0.1:\(httpPort)\(path)")!
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// kill -9.
    func kill() async {
        process?.signal(SIGKILL)
        _ = await process?.wait()
    }

    /// SIGTERM and wait.
    @discardableResult
    func stop() async -> ProcessResult? {
        process?.signal(SIGTERM)
        let result = await process?.wait(timeout: .seconds(30))
        try? FileManager.default.removeItem(atPath: workingDirectory)
        return result
    }
}
