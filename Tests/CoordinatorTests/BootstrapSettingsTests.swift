import ConfigCenter
import Coordinator
import Foundation
import Testing
import ZooKeeper

/// Bootstrap settings: flags over environment over a bootstrap file with Seata's names.
@Suite struct BootstrapSettingsTests {
    private func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "bootstrap-" + UUID().uuidString.prefix(8).lowercased() + ".conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsMatchTheContract() throws {
        let settings = try BootstrapSettings.resolve(arguments: ["coordinator"], environment: [:])
        #expect(settings.connectString == "127.0.0.1:2181")
        #expect(settings.layout == .perKey(root: "/seata"))
        #expect(settings.connectTimeout == .seconds(5))
        #expect(settings.httpHost == "127.0.0.1")
        #expect(settings.httpPort == 7091)
        #expect(settings.source == .zooKeeper)
        #expect(settings.credentials == nil)
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() throws {
        let bootstrap = try file(
            """
            config.type=zk
            config.zk.serverAddr=file-host:2181
            config.zk.connectTimeout=2000
            config.zk.sessionTimeout=6000
            config.zk.username=seata
            config.zk.password=from-file
            registry.type=file
            """
        )
        let settings = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--bootstrap", bootstrap, "--connect", "flag-host:2181"],
            environment: ["ZK_CONNECT": "env-host:2181", "ZK_TIMEOUT": "3", "HTTP_PORT": "8099"]
        )
        #expect(settings.connectString == "flag-host:2181")
        #expect(settings.origins["connect"] == "flag --connect")
        #expect(settings.connectTimeout == .seconds(3))
        #expect(settings.origins["timeout"] == "environment ZK_TIMEOUT")
        #expect(settings.sessionTimeout == .seconds(6), "Seata's milliseconds become seconds")
        #expect(settings.origins["session.timeout"] == "bootstrap file \(bootstrap):4")
        #expect(settings.credentials == DigestCredentials(user: "seata", password: "from-file"))
        #expect(settings.httpPort == 8099)
    }

    @Test func nodePathSelectsTheSingleNodeLayoutAndFileTypeReadsAFile() throws {
        let zk = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--bootstrap", try file("config.zk.nodePath=/seata/seata.properties")],
            environment: [:]
        )
        #expect(zk.layout == .singleNode(path: "/seata/seata.properties", root: "/seata"))
        let local = try BootstrapSettings.resolve(
            arguments: ["coordinator"],
            environment: ["COORDINATOR_BOOTSTRAP": try file("config.type=file\nconfig.file.name=conf/config.txt")]
        )
        #expect(local.source == .file(path: "conf/config.txt"))
    }

    @Test func mistakesAreNamedWithWhereTheyCameFrom() throws {
        let typo = try file("config.zk.serverAdr=host:2181")
        let error = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", typo], environment: [:])
        }
        #expect(
            error?.description
                .contains("\(typo):1: unknown bootstrap key config.zk.serverAdr; did you mean config.zk.serverAddr?")
                == true
        )

        let port = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator"], environment: ["HTTP_PORT": "http"])
        }
        #expect(port?.description == "HTTP port 'http' (environment HTTP_PORT) is not a port number (0–65535)")

        let type = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--config-type", "nacos"], environment: [:])
        }
        #expect(type?.description.contains("config.type 'nacos' (flag --config-type) is not one of: zk, file") == true)

        let auth = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--auth", "nopassword"], environment: [:])
        }
        #expect(auth?.description == "credentials (flag --auth) must be user:password")
    }
}
