import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Requests over the server's `jute.maxbuffer` are refused before they are sent.
@Suite struct LimitTests {
    @Test func oversizedValueIsRefusedAndNothingIsWritten() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("big")
        defer {
            Task {
                _ = try? await zk.deleteRecursively(root)
                await zk.close()
            }
        }

        let tooBig = [UInt8](repeating: 65, count: 1_048_576)
        let error = await #expect(throws: ZooKeeperError.self) { try await zk.create(root, data: tooBig) }
        #expect(error?.code == .requestTooLarge)
        #expect(error?.description.contains("1048576 bytes") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("jute.maxbuffer") == true)
        #expect(try await zk.exists(root) == nil)

        try await zk.create(root, data: [1])
        let setError = await #expect(throws: ZooKeeperError.self) { try await zk.set(root, data: tooBig) }
        #expect(setError?.code == .requestTooLarge)
        let multiError = await #expect(throws: ZooKeeperError.self) {
            try await zk.multi([
                .set(path: root, data: Array(tooBig.prefix(600_000))),
                .create(path: root + "/x", data: Array(tooBig.prefix(600_000))),
            ])
        }
        #expect(multiError?.code == .requestTooLarge)
        #expect(try await zk.get(root).bytes == [1])
        #expect(zk.state == .connected, "the connection was never at risk")
    }

    @Test func theLimitIsExactlyTheServers() async throws {
        // With the client-side check lifted, the largest request the client would allow is
        // accepted by the server and one byte more makes it drop the connection: the check
        // refuses exactly what the server would.
        let connect = try TestEnvironment.sharedConnectString()
        let unchecked = try await ZooKeeperClient.connect(.init(connectString: connect, maxRequestBytes: .max))
        let checked = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("edge")
        defer {
            Task {
                _ = try? await checked.deleteRecursively(root)
                await checked.close()
                await unchecked.close()
            }
        }
        try await checked.create(root)

        let path = root + "/v"
        // create frame: 8 header + (4 + path) + (4 + data) + ACL (4 + 4 + (4+5) + (4+6)) + 4 flags
        let overhead = 8 + 4 + path.utf8.count + 4 + 4 + 4 + 9 + 10 + 4
        let largest = [UInt8](repeating: 66, count: 1_048_575 - overhead)
        try await checked.create(path, data: largest)
        #expect(try await checked.get(path).bytes.count == largest.count)

        let oneMore = largest + [66]
        let refused = await #expect(throws: ZooKeeperError.self) { try await checked.create(path + "2", data: oneMore) }
        #expect(refused?.code == .requestTooLarge)
        let dropped = await #expect(throws: ZooKeeperError.self) {
            try await unchecked.create(path + "2", data: oneMore)
        }
        #expect(dropped?.code == .connectionLoss)
        #expect(try await checked.exists(path + "2") == nil)
    }
}
