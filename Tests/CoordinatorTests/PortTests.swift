import CoordinatorTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Both ports are bound before the coordinator registers or says it started; a busy one is a
/// startup report with exit 71.
@Suite struct PortTests {
    @Test func aBusyHTTPPortIsReported71BeforeAnythingIsRegistered() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-http-busy")
        let registry = TestEnvironment.uniqueRoot("coord-http-busy-registry")
        try await CoordinatorHarness.seed(zk, root: root, extra: ["coordinator.registry.path": registry])
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let holder = try Listener(port: coordinator.httpPort)

        let result = try await coordinator.run()
        #expect(result.status == 71, "\(result.stderr)")
        #expect(result.stderr.contains("COORDINATOR FAILED TO START"))
        #expect(result.stderr.contains("The HTTP port 127.0.0.1:\(coordinator.httpPort) (flag --http-port) is in use"))
        #expect(result.stderr.contains("--http-port or HTTP_PORT"))
        #expect(!result.stderr.contains("Coordinator started"), "\(result.stderr)")
        #expect(!result.stderr.contains("Registered"))
        #expect(try await zk.exists(registry) == nil, "never registered")
        holder.close()
        _ = try await zk.deleteRecursively(root)
        await zk.close()
    }

    @Test func aBusyTransactionPortIsReported71BeforeAnythingIsRegistered() async throws {
        let zk = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("coord-tx-busy")
        let registry = TestEnvironment.uniqueRoot("coord-tx-busy-registry")
        try await CoordinatorHarness.seed(zk, root: root, extra: ["coordinator.registry.path": registry])
        let coordinator = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        let holder = try Listener(port: coordinator.port)

        let result = try await coordinator.run()
        #expect(result.status == 71, "\(result.stderr)")
        #expect(result.stderr.contains("The transaction port 127.0.0.1:\(coordinator.port) (flag --port) is in use"))
        #expect(!result.stderr.contains("Coordinator started"))
        #expect(!result.stderr.contains("listening on"), "the HTTP port is not bound either")
        #expect(try await zk.exists(registry) == nil)
        holder.close()
        _ = try await zk.deleteRecursively(root)
        await zk.close()
    }
}

/// A TCP listener on a loopback port, held by the test (another process's port, to the coordinator).
final class Listener: Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fd >= 0, bound, listen(fd, 1) == 0 else {
            Glibc.close(fd)
            throw TestSetupError("cannot listen on 127.0.0.1:\(port)")
        }
        descriptor = fd
    }

    func close() { _ = Glibc.close(descriptor) }
}
