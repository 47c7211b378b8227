import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

extension EndToEnd {
    /// `zkconfig watch`: a line per change, until interrupted.
    @Suite struct WatchTests {
        @Test func namedKeysPrintALinePerChangeAndStopOnSIGINT() async throws {
            let root = TestEnvironment.uniqueRoot("watch-keys")
            let client = try await TestEnvironment.connect()
            try await client.create(root + "/a", data: Array("0".utf8), createParents: true)
            let watch = try CLI.start(["watch", "a", "b", "store.db.password"], root: root)
            #expect(await watch.waitForOutput("watching 3 keys", timeout: .seconds(20)))

            try await client.set(root + "/a", data: Array("1".utf8))
            #expect(await watch.waitForOutput("a=1\n", timeout: .seconds(10)))
            try await client.create(root + "/b", data: Array("x y".utf8))  // was missing: an exists-watch
            #expect(await watch.waitForOutput("b=x y\n", timeout: .seconds(10)))
            try await client.create(root + "/store.db.password", data: Array("hidden-value".utf8))
            #expect(await watch.waitForOutput("store.db.password=<redacted>\n", timeout: .seconds(10)))
            try await client.delete(root + "/a")
            #expect(await watch.waitForOutput("a deleted\n", timeout: .seconds(10)))
            try await client.create(root + "/a", data: Array("back".utf8))
            #expect(await watch.waitForOutput("a=back\n", timeout: .seconds(10)))

            let signalled = ContinuousClock.now
            watch.signal(SIGINT)
            let result = await watch.wait(timeout: .seconds(10))
            #expect(result.status == 0)
            #expect(ContinuousClock.now - signalled < .seconds(1), "SIGINT took \(ContinuousClock.now - signalled)")
            #expect(result.stdout == "a=1\nb=x y\nstore.db.password=<redacted>\na deleted\na=back\n")
            #expect(!result.stdout.contains("hidden-value"))
            _ = try await client.deleteRecursively(root)
            await client.close()
        }

        @Test func wholeRootInJSONLinesUntilSIGTERM() async throws {
            let root = TestEnvironment.uniqueRoot("watch-root")
            let client = try await TestEnvironment.connect()
            try await client.create(root + "/old", data: Array("1".utf8), createParents: true)
            let watch = try CLI.start(["watch", "--format", "json"], root: root)
            #expect(await watch.waitForOutput("watching every key (1 now)", timeout: .seconds(20)))

            try await client.create(root + "/new", data: Array("n".utf8))
            #expect(await watch.waitForOutput("\"key\":\"new\"", timeout: .seconds(10)))
            try await client.set(root + "/old", data: Array("2".utf8))
            #expect(await watch.waitForOutput("\"value\":\"2\"", timeout: .seconds(10)))
            try await client.delete(root + "/new")
            #expect(await watch.waitForOutput("\"event\":\"deleted\"", timeout: .seconds(10)))

            let signalled = ContinuousClock.now
            watch.signal(SIGTERM)
            let result = await watch.wait(timeout: .seconds(10))
            #expect(result.status == 0)
            #expect(ContinuousClock.now - signalled < .seconds(1), "SIGTERM took \(ContinuousClock.now - signalled)")
            let events = try result.stdout.split(separator: "\n")
                .map {
                    try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
            #expect(events.map { $0?["event"] as? String } == ["created", "changed", "deleted"])
            #expect(events.map { $0?["key"] as? String } == ["new", "old", "new"])
            #expect(events[1]?["version"] as? Int == 1)
            _ = try await client.deleteRecursively(root)
            await client.close()
        }

        @Test func theSingleNodeLayoutFollowsWhatSeataReadsNodeFirstThenKeys() async throws {
            let root = TestEnvironment.uniqueRoot("watch-node")
            let client = try await TestEnvironment.connect()
            try await client.create(root + "/fallback.key", data: Array("k1".utf8), createParents: true)
            try await client.create(root + "/seata.properties", data: Array("in.node=n1\n".utf8))
            let watch = try CLI.start(["watch", "--layout", "node:\(root)/seata.properties"], root: root)
            #expect(
                await watch.waitForOutput("watching every key (2 now)", timeout: .seconds(20)),
                "\(watch.stderrSoFar)"
            )

            try await client.set(root + "/seata.properties", data: Array("in.node=n2\n".utf8))
            #expect(await watch.waitForOutput("in.node=n2\n", timeout: .seconds(10)))
            try await client.set(root + "/fallback.key", data: Array("k2".utf8))
            #expect(await watch.waitForOutput("fallback.key=k2\n", timeout: .seconds(10)))
            // The node now sets the key too: its value wins, as in Seata.
            try await client.set(root + "/seata.properties", data: Array("in.node=n2\nfallback.key=node\n".utf8))
            #expect(await watch.waitForOutput("fallback.key=node\n", timeout: .seconds(10)))

            watch.signal(SIGINT)
            let result = await watch.wait(timeout: .seconds(10))
            #expect(result.status == 0)
            #expect(result.stdout == "in.node=n2\nfallback.key=k2\nfallback.key=node\n")
            _ = try await client.deleteRecursively(root)
            await client.close()
        }
    }
}
