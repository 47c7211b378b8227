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
