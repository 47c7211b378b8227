import DatabaseTestSupport
import Foundation
import Testing
import ZooKeeperTestSupport

/// What a coordinator in db mode says when it cannot start, and that the password never shows.
@Suite(.serialized) struct ClusterStartupTests {
    static let secret = "Pw-" + UUID().uuidString.prefix(12)

    @Test func anUnreachableDatabaseExits69WithinTheConnectTimeoutNamingHostPortAndOrigin() async throws {
        let dead = try FreePort.reserve()
        let cluster = try await Cluster.make(
            "dead",
            extra: ["store.db.url": "jdbc:postgresql://127.0.0.1:\(dead)/seata?connectTimeout=2"]
        )
        defer { Task { await cluster.close() } }
        let result = try await cluster.run()
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:\(dead)"))
        #expect(result.stderr.contains("znode \(cluster.root)/store.db.url"), "\(result.stderr)")
        #expect(result.elapsed < .seconds(10))
    }

    @Test func aWrongPasswordExits77AndIsNeverShown() async throws {
        let cluster = try await Cluster.make("password", extra: ["store.db.password": Self.secret])
        defer { Task { await cluster.close() } }
        let result = try await cluster.run()
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("store.db.password <redacted>"))
        #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret))
    }

    @Test func missingTablesExit78NamingTheDDLAndInitStoreCreatesThem() async throws {
        let cluster = try await Cluster.make("tables", tables: false)
        defer { Task { await cluster.close() } }
        let refused = try await cluster.run()
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("Config/sql/postgresql.sql"))
        #expect(refused.stderr.contains("coordinator --init-store"))
        let created = try await cluster.run(["--init-store"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(
            created.stdout.contains("Created global_table, branch_table, lock_table, distributed_lock"),
            "\(created.stdout)"
        )
        let again = try await cluster.run(["--init-store"])
        #expect(again.status == 0 && again.stdout.contains("nothing created"), "\(again.stdout)")
        let member = try await cluster.start()
        await member.stop()
    }

    @Test(arguments: [
        (["store.db.dbType": "mysql"], "store.db.dbType=mysql", "postgresql"),
        (["store.lock.mode": "file"], "store.lock.mode=file", "store.session.mode"),
        (["store.db.url": "jdbc:postgresql://127.0.0.1/seata?useSSL=false"], "parameter useSSL", "sslmode"),
        (["store.db.globalTable": "global-table"], "store.db.globalTable='global-table'", "plain table name"),
    ])
    func unusableSettingsExit78ByName(extra: [String: String], named: String, hint: String) async throws {
        let cluster = try await Cluster.make("refused", extra: extra)
        defer { Task { await cluster.close() } }
        let result = try await cluster.run()
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(result.stderr.contains(hint), "\(result.stderr)")
    }

    @Test func thePasswordIsAbsentFromLogsConfigMetricsAndReports() async throws {
        let pg = try TestPostgres.shared()
        let cluster = try await Cluster.make("secret", extra: ["store.db.password": Self.secret])
        defer { Task { await cluster.close() } }
        let user = "tc_" + UUID().uuidString.prefix(6).lowercased()
        try await pg.psql(
            cluster.database,
            "CREATE ROLE \(user) LOGIN PASSWORD '\(Self.secret)'; GRANT ALL ON ALL TABLES IN SCHEMA public TO \(user)"
        )
        try await cluster.zk.set(cluster.root + "/store.db.user", data: Array(user.utf8))
        let member = try await cluster.start([], environment: ["LOG_LEVEL": "debug"])
        var seen: [String] = []
        for path in ["/config", "/ready", "/metrics", "/health"] { seen.append(try await member.get(path).body) }
        #expect(seen[0].contains("store.db.password"))
        // A failing store call's error text: stop the database's answers by revoking the tables.
        try await pg.psql(cluster.database, "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(user)")
        try await Task.sleep(for: .seconds(2))
        let result = await member.stop()
        let everything = seen.joined() + (result?.stderr ?? "") + (result?.stdout ?? "")
        #expect(!everything.isEmpty)
        #expect(!everything.contains(Self.secret), "the password appeared")
        let log = try String(contentsOfFile: cluster.pg.directory + "/server.log", encoding: .utf8)
        #expect(!log.contains(Self.secret))
    }
}
