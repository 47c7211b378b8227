import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// The coordinator refuses bad config at startup with one report a person can act on.
@Suite struct StartupTests {
    @Test func emptyZooKeeperExits78NamingTheZnodeAndTheSeedCommand() async throws {
        let connect = try TestEnvironment.sharedConnectString()
        let root = TestEnvironment.uniqueRoot("coord-empty")
        let coordinator = try CoordinatorHarness(connect: connect, root: root)
        let result = try await coordinator.run()
        #expect(result.status == 78, "\(result.stderr)")
        let report = result.stderr
        #expect(report.contains("COORDINATOR FAILED TO START"))
        #expect(report.contains("The configuration in ZooKeeper \(connect) under \(root) is incomplete:"))
        #expect(report.contains("  - store.mode: missing (no znode \(root)/store.mode)"))
        #expect(report.contains("    zkconfig --connect \(connect) --root \(root) seed --from Config/config.txt"))
        #expect(!report.contains("NoNode"))
        #expect(!FileManager.default.fileExists(atPath: coordinator.workingDirectory + "/file_store"), "nothing opened")
    }

    @Test func wrongDigestCredentialsOnAnACLdRootExit77() async throws {
        let admin = try await TestEnvironment.connect(credentials: DigestCredentials(user: "ops", password: "right"))
        let root = TestEnvironment.uniqueRoot("coord-acl")
        defer {
            Task {
                _ = try? await admin.deleteRecursively(root)
                await admin.close()
            }
        }
        try await admin.create(root, acl: [.digest(user: "ops", password: "right", permissions: .all)])
        try await admin.create(
            root + "/store.mode",
            data: Array("file".utf8),
            acl: [.digest(user: "ops", password: "right", permissions: .all)]
        )

        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let result = try await coordinator.run(["--auth", "ops:wrong"])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("refused this coordinator (as digest user 'ops')"))
        #expect(!result.stderr.contains("wrong"), "the password is never printed")

        let viaEnvironment = try await coordinator.run(environment: ["ZK_AUTH": "ops:wrong"])
        #expect(viaEnvironment.status == 77)
    }

    @Test func unknownStoreModeExits78ListingTheAllowedValues() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-bogus")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(zk, root: root, extra: ["store.mode": "bogus"])

        let result = try await CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root).run()
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("is invalid:"))
        let line = result.stderr.split(separator: "\n").first { $0.contains("store.mode") } ?? ""
        for allowed in ["file", "db", "redis", "raft"] { #expect(line.contains(allowed), "\(line)") }
        #expect(line.contains("bogus"))
    }

    @Test func dbModeWithoutTheURLExits78NamingTheCondition() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-db")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(
            zk,
            root: root,
            extra: [
                "store.mode": "db", "store.db.datasource": "druid", "store.db.dbType": "mysql",
                "store.db.driverClassName": "com.mysql.jdbc.Driver", "store.db.user": "seata",
                "store.db.password": "s3cret-pw",
            ]
        )
        let result = try await CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root).run()
        #expect(result.status == 78, "\(result.stderr)")
        // store.mode=db makes the effective session mode db, which needs the database.
        #expect(
            result.stderr.contains(
                "store.db.url: required when store.session.mode=db (schema default: the value of store.mode), but missing"
            ),
            "\(result.stderr)"
        )
        #expect(!result.stderr.contains("s3cret-pw"))
        // The action names the keys to set, one command each; Config/config.txt has none of them.
        let connect = try TestEnvironment.sharedConnectString()
        #expect(result.stderr.contains("Set the keys that store.session.mode=db requires"), "\(result.stderr)")
        #expect(result.stderr.contains("    zkconfig --connect \(connect) --root \(root) set store.db.url \"$VALUE\""))
        #expect(!result.stderr.contains("seed --from Config/config.txt"), "\(result.stderr)")
    }

    @Test func aBadValueFromTheEnvironmentIsFixedThereNotInZooKeeper() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-env-bogus")
        try await CoordinatorHarness.seed(zk, root: root)
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let bogus = try await coordinator.run(environment: ["STORE_MODE": "bogus"])
        #expect(bogus.status == 78, "\(bogus.stderr)")
        #expect(bogus.stderr.contains("store.mode (environment STORE_MODE)"))
        #expect(
            bogus.stderr.contains("Correct or unset the environment variable STORE_MODE (overrides store.mode"),
            "\(bogus.stderr)"
        )
        #expect(!bogus.stderr.contains("set store.mode"), "ZooKeeper's value is not the one to fix: \(bogus.stderr)")

        // db from the environment: the keys it requires are named, with where db came from.
        let db = try await coordinator.run(environment: ["STORE_MODE": "db"])
        #expect(db.status == 78)
        #expect(db.stderr.contains("store.mode=db comes from environment STORE_MODE"), "\(db.stderr)")
        #expect(db.stderr.contains("set store.db.url"))
        _ = try await zk.deleteRecursively(root)
        await zk.close()
    }

    @Test func aMissingChrootIsNamedWithHowToCreateIt() async throws {
        let connect = try TestEnvironment.sharedConnectString()
        let chroot = TestEnvironment.uniqueRoot("coord-chroot")
        let result = try await CoordinatorHarness(connect: connect + chroot, root: "/seata").run()
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("The chroot \(chroot) of the connect string \(connect)\(chroot) does not exist"))
        #expect(result.stderr.contains("    zkCli.sh -server \(connect) create \(chroot)"))
        #expect(
            result.stderr.contains(
                "    zkconfig --connect \(connect) --root \(chroot)/seata seed --from Config/config.txt"
            ),
            "\(result.stderr)"
        )
        #expect(!result.stderr.contains("Seed the missing keys"))
    }

    @Test func anUnresolvableHostIsUnreachable69NotAUsageError() async throws {
        let result = try await CoordinatorHarness(connect: "no-such-host.invalid:2181", root: "/seata").run()
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("no-such-host.invalid"))
    }

    @Test func aBracketedIPv6ConnectStringWorks() async throws {
        try await TestZooKeeper.with(address: "::1") { server in
            let zk = try await ZooKeeperClient.connect(.init(connectString: server.connectString))
            try await CoordinatorHarness.seed(zk, root: "/seata")
            await zk.close()
            #expect(server.connectString.hasPrefix("[::1]:"))
            let coordinator = try CoordinatorHarness(connect: server.connectString, root: "/seata")
            let process = try coordinator.start()
            try await coordinator.waitUntilReady(process)
            process.signal(SIGTERM)
            let result = await process.wait(timeout: .seconds(20))
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func unknownKeysAndSeatasNodeBesideTheKeysAreWarningsNotRefusals() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-unknown")
        try await CoordinatorHarness.seed(zk, root: root, extra: ["my.custom.flag": "on"])
        try await zk.create(root + "/seata.properties", data: Array("store.mode=file\n".utf8))
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let process = try coordinator.start()
        try await coordinator.waitUntilReady(process)
        let ready = try await coordinator.json("/ready")
        let warnings = (ready.body["warnings"] as? [[String: Any]]) ?? []
        let keys = warnings.compactMap { $0["key"] as? String }
        #expect(keys.contains("my.custom.flag"), "\(warnings)")
        let node = warnings.first { $0["key"] as? String == "seata.properties" }?["message"] as? String
        #expect(node?.contains("per-key layout") == true, "\(warnings)")
        let config = try await coordinator.json("/config")
        #expect((config.body["keys"] as? [String: Any])?["seata.properties"] == nil, "the node is no key")
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(20)).status == 0)
        _ = try await zk.deleteRecursively(root)
        await zk.close()
    }

    @Test func aSupportedButUnimplementedStoreIsRefusedByName() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-raft")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }
        try await CoordinatorHarness.seed(
            zk,
            root: root,
            extra: ["store.mode": "raft", "server.raft.serverAddr": "127.0.0.1:7091,127.0.0.1:7092,127.0.0.1:7093"]
        )
        let result = try await CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root).run()
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("store.mode=raft"))
        #expect(result.stderr.contains("supports store.mode file"))
    }

    @Test func unknownFlagsAreUsageErrors() async throws {
        let result = try await ProcessRunner.run(ProcessRunner.executable("coordinator"), ["--conect", "x"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown option --conect; did you mean --connect?"))
        let help = try await ProcessRunner.run(ProcessRunner.executable("coordinator"), ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--connect HOSTS"))
    }
}
