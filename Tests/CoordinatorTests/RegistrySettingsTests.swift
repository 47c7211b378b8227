import Coordinator
import Foundation
import Testing
import ZooKeeper

/// `registry.*`: Seata's ZooKeeper registry settings, from the bootstrap file, flags and the
/// environment.
@Suite struct RegistrySettingsTests {
    private func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "registry-" + UUID().uuidString.prefix(8).lowercased() + ".conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func noRegistrationUnlessTheTypeIsZk() throws {
        #expect(try BootstrapSettings.resolve(arguments: ["coordinator"], environment: [:]).registry == nil)
        let file = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--registry-type", "file"],
            environment: [:]
        )
        #expect(file.registry == nil)
    }

    @Test func seatasNamesInTheBootstrapFileWithMillisecondsAndCredentials() throws {
        let bootstrap = try file(
            """
            registry.type=zk
            registry.zk.cluster=tc-east
            registry.zk.serverAddr=zk1:2181,zk2:2181
            registry.zk.sessionTimeout=4000
            registry.zk.connectTimeout=1500
            registry.zk.username=tc
            registry.zk.password=registry-secret
            registry.nacos.serverAddr=ignored:8848
            """
        )
        let settings = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--bootstrap", bootstrap],
            environment: [:]
        )
        let registry = try #require(settings.registry)
        #expect(registry.cluster == "tc-east")
        #expect(registry.connectString == "zk1:2181,zk2:2181")
        #expect(registry.sessionTimeout == .seconds(4))
        #expect(registry.connectTimeout == .milliseconds(1500))
        #expect(registry.credentials == DigestCredentials(user: "tc", password: "registry-secret"))
        #expect(settings.origins["registry.cluster"]?.hasPrefix("bootstrap file \(bootstrap):2") == true)
    }

    @Test func theRegistryDefaultsToTheConfigurationsZooKeeperAndTheDefaultCluster() throws {
        let settings = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--connect", "cfg:2181"],
            environment: ["REGISTRY_TYPE": "zk"]
        )
        let registry = try #require(settings.registry)
        #expect(registry.connectString == "cfg:2181")
        #expect(registry.cluster == "default")
        #expect(registry.sessionTimeout == .seconds(6))
    }

    @Test func unknownTypesAndRegistryKeysAreRefusedByName() throws {
        #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--registry-type", "nacos"], environment: [:])
        }
        let typo = try file("registry.type=zk\nregistry.zk.clustr=x\n")
        do {
            _ = try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", typo], environment: [:])
            Issue.record("a typo in registry.zk.* was accepted")
        } catch {
            #expect("\(error)".contains("registry.zk.clustr"))
            #expect("\(error)".contains("registry.zk.cluster"))
        }
    }
}
