import CoordinatorTestSupport
import Foundation
import Testing
@testable import Coordinator
import ZooKeeper
import ZooKeeperTestSupport

/// Coordinators register under the address they advertise; two that claim the same one collide,
/// and the second is told so (not that ZooKeeper is unreachable).
@Suite struct RegistrationTests {
    @Test func twoCoordinatorsAdvertisingOneAddressCollideAndTheSecondIsToldWhy() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-collide")
        let registry = TestEnvironment.uniqueRoot("coord-collide-registry")
        try await CoordinatorHarness.seed(zk, root: root, extra: ["coordinator.registry.path": registry])
        let connect = try TestEnvironment.sharedConnectString()
        // Two "hosts": each listens on its own loopback address, on the same port, and both
        // advertise one name (as two hosts would both advertise 127.0.0.1).
        let first = try CoordinatorHarness(connect: connect, root: root)
        let second = try CoordinatorHarness(connect: connect, root: root)
        let advertise = ["--advertise-host", "tc.example.test"]
        let running = try first.start(advertise + ["--session-timeout", "2"])
        try await first.waitUntilReady(running)
        let node = "\(registry)/tc.example.test:\(first.port)"
        let held = try await zk.get(node)
        #expect(held.string?.contains("\"address\":\"tc.example.test\"") == true)
        #expect(held.string?.contains("\"pid\":\(running.pid)") == true)

        let clash = CoordinatorHarness(
            connect: connect,
            root: root,
            workingDirectory: second.workingDirectory,
            httpPort: second.httpPort,
            port: first.port
        )
        let result = try await clash.run(advertise + ["--host", "127.0.0.2", "--session-timeout", "2"])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("Another coordinator is registered as tc.example.test:\(first.port)"))
        #expect(result.stderr.contains("held by another live ZooKeeper session"))
        #expect(result.stderr.contains("\"pid\":\(running.pid)"), "the holder is named")
        #expect(result.stderr.contains("--advertise-host"))
        #expect(!result.stderr.contains("not reachable"), "\(result.stderr)")
        #expect(try await zk.get(node).stat.ephemeralOwner == held.stat.ephemeralOwner, "the first keeps its node")

        running.signal(SIGTERM)
        #expect(await running.wait(timeout: .seconds(20)).status == 0)
        _ = try await zk.deleteRecursively(root)
        _ = try await zk.deleteRecursively(registry)
        await zk.close()
    }

    @Test func aWildcardListenAddressIsNeverRegistered() {
        for wildcard in ["0.0.0.0", "::", ""] {
            let host = AdvertisedAddress.resolve(advertise: nil, listen: wildcard)
            #expect(!AdvertisedAddress.isWildcard(host), "\(wildcard) -> \(host)")
            let instance = CoordinatorInstance.current(address: host, port: 8091, httpHost: wildcard, httpPort: 7091)
            #expect(instance.nodeName == "\(host):8091")
            #expect(instance.http == "http://\(host.contains(":") ? "[\(host)]" : host):7091")
        }
        #expect(AdvertisedAddress.resolve(advertise: "tc1.example", listen: "0.0.0.0") == "tc1.example")
    }
}
