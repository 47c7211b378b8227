import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

extension EndToEnd {
    /// Seeds racing each other, and seeds that must fail part way.
    @Suite struct ConcurrencyTests {
        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func eightSeedersOnAnEmptyRootLeaveExactlyTheFile() async throws {
            let root = TestEnvironment.uniqueRoot("seed-race")
            let seeders = try (0..<8).map { _ in try CLI.start(["seed", "--from", Fixtures.seata], root: root) }
            var results: [ProcessResult] = []
            for seeder in seeders { results.append(await seeder.wait(timeout: .seconds(60))) }
            for result in results {
                // Each ends cleanly: it applied, found nothing left to do, or gave up with a conflict.
                #expect(result.status == 0 || result.status == 75, "\(result.status): \(result.stderr)")
                if result.status == 75 { #expect(result.stderr.contains("kept changing while seeding")) }
                #expect(!result.stderr.contains("internal error"))
            }
            #expect(results.contains { $0.status == 0 && $0.stderr.contains("126 created") })
            let expected = try Fixtures.values(ofPropertiesFile: Fixtures.seata)
            let tree = try #require(try await Kazoo.read(root))
            #expect(tree.children.mapValues(\.text) == expected)
            #expect(tree.children.values.allSatisfy { $0.version == 0 })
            try await cleanUp(root)
        }

        @Test func applyThatAnACLRefusesPartWayChangesNothing() async throws {
            let root = TestEnvironment.uniqueRoot("seed-acl")
            let original = try Fixtures.write("a=1\nb=2\nguarded=3\nc=4\n")
            #expect(try await CLI.run(["seed", "--from", original], root: root).status == 0)
            // Only "owner" may write `guarded`; everyone may read it.
            let owner = try await TestEnvironment.connect(credentials: DigestCredentials(user: "owner", password: "pw"))
            try await owner.delete(root + "/guarded")
            try await owner.create(
                root + "/guarded",
                data: Array("3".utf8),
                acl: [.anyone(.read), .digest(user: "owner", password: "pw", permissions: .all)]
            )
            await owner.close()
            let before = try #require(try await Kazoo.read(root))

            // Updates a, b and guarded, creates d, deletes c: the third write is refused.
            let changed = try Fixtures.write("a=10\nb=20\nguarded=30\nd=5\n")
            let result = try await CLI.run(["seed", "--from", changed, "--overwrite", "--prune"], root: root)
            #expect(result.status == 77, "\(result.stderr)")
            #expect(result.stderr.contains("\(root)/guarded"))
            #expect(result.stderr.contains("nothing was written"))
            #expect(try await Kazoo.read(root) == before)
            try await cleanUp(root)
        }
    }
}
