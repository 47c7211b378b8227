import ConfigCenter
import Coordinator
import Foundation
import Testing
import ZooKeeper

/// Bootstrap settings: flags over environment over a bootstrap file with Seata's names.
@Suite struct BootstrapSettingsTests {
    private func file(_ text: String, extension suffix: String = "conf") throws -> String {
        let path = NSTemporaryDirectory() + "bootstrap-" + UUID().uuidString.prefix(8).lowercased() + "." + suffix
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
    @Test func aRepeatedFlagAFlagWithoutAValueAndAStrayArgumentAreUsageErrorsNamingTheFlag() {
        let cases: [([String], [String: String], String)] = [
            (["--root", "/a", "--root", "/b"], [:], "--root is given twice ('/a', then '/b'); give it once"),
            (["--http-port", "7093", "--http-port=7094"], ["HTTP_PORT": "7097"], "--http-port is given twice"),
            (["--connect"], [:], "--connect needs a value: --connect HOSTS"),
            (["--connect", "--root", "/a"], [:], "--connect needs a value"),
            (["--root", "/a", "stray"], [:], "unexpected argument 'stray'"),
            (["--auth", "a:secret-one", "--auth", "a:secret-two"], [:], "--auth is given twice; give it once"),
        ]
        for (arguments, environment, expected) in cases {
            let error = #expect(throws: BootstrapError.self, "\(arguments)") {
                try BootstrapSettings.resolve(arguments: ["coordinator"] + arguments, environment: environment)
            }
            #expect(error?.description.contains(expected) == true, "\(arguments): \(String(describing: error))")
            #expect(error?.description.contains("secret") == false, "a password is never repeated")
        }
    }

    @Test func aConnectStringWithSeveralHostsIsKeptWhole() throws {
        let hosts = "zk1:2181,zk2:2181,zk3:2181/app"
        let flag = try BootstrapSettings.resolve(arguments: ["coordinator", "--connect", hosts], environment: [:])
        #expect(flag.connectString == hosts)
        let equals = try BootstrapSettings.resolve(arguments: ["coordinator", "--connect=\(hosts)"], environment: [:])
        #expect(equals.connectString == hosts)
        let environment = try BootstrapSettings.resolve(arguments: ["coordinator"], environment: ["ZK_CONNECT": hosts])
        #expect(environment.connectString == hosts)
    }

    @Test func theRootIsNormalisedAndZooKeepersOwnTreeRefused() throws {
        let slash = try BootstrapSettings.resolve(arguments: ["coordinator", "--root", "/seata/"], environment: [:])
        #expect(slash.layout == .perKey(root: "/seata"))
        let reserved = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator"], environment: ["ZK_ROOT": "/zookeeper/seata"])
        }
        #expect(reserved?.description.contains("ZooKeeper's own tree") == true)
        #expect(reserved?.description.contains("environment ZK_ROOT") == true)
    }
    @Test func aFileWithNoBootstrapSettingIsRefusedNamingItsFormat() throws {
        // Seata's registry.conf is HOCON.
        let hocon = try file(
            """
            registry {
              type = "file"
            }
            config {
              type = "zk"
              zk {
                serverAddr = "zk1:2181"
              }
            }
            """
        )
        let error = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", hocon], environment: [:])
        }
        #expect(
            error?.description.contains("is HOCON (the format of Seata's registry.conf)") == true,
            "\(String(describing: error))"
        )

        let unrelated = try file("registry.nacos.serverAddr=nacos:8848\nserver.port=8091\n")
        let none = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", unrelated], environment: [:])
        }
        #expect(none?.description.contains("sets none of the coordinator's settings") == true)

        let folder = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(
                arguments: ["coordinator", "--bootstrap", NSTemporaryDirectory()],
                environment: [:]
            )
        }
        #expect(folder?.description.contains("is a directory") == true)
    }

    @Test func seatasApplicationYmlIsABootstrapFileWithSpringsRelaxedNames() throws {
        let yaml = try file(
            """
            server:
              port: 7091
            spring:
              application:
                name: seata-server
            seata:
              registry:
                type: file
              config:
                type: zk
                zk:
                  server-addr: zk1:2181,zk2:2181
                  sessionTimeout: 6000
                  connect_timeout: 2000
                  node-path: /seata/seata.properties
                  username: seata
                  password: from-yaml
            """,
            extension: "yml"
        )
        let settings = try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", yaml], environment: [:])
        #expect(settings.connectString == "zk1:2181,zk2:2181")
        #expect(settings.origins["connect"] == "bootstrap file \(yaml):12")
        #expect(settings.sessionTimeout == .seconds(6))
        #expect(settings.connectTimeout == .seconds(2))
        #expect(settings.layout == .singleNode(path: "/seata/seata.properties", root: "/seata"))
        #expect(settings.credentials == DigestCredentials(user: "seata", password: "from-yaml"))

        let dotted = try file("seata.config.type: zk\nseata.config.zk.serverAddr: zk9:2181\n", extension: "yaml")
        #expect(
            try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", dotted], environment: [:])
                .connectString == "zk9:2181"
        )

        let typo = try file("seata:\n  config:\n    zk:\n      server-adr: zk1:2181\n", extension: "yml")
        let unknown = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", typo], environment: [:])
        }
        #expect(unknown?.description.contains("\(typo):4: unknown bootstrap key seata.config.zk.server-adr") == true)
        #expect(
            unknown?.description.contains("did you mean seata.config.zk.serverAddr?") == true,
            "\(String(describing: unknown))"
        )

        let empty = try file("server:\n  port: 7091\n", extension: "yml")
        let nothing = #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", empty], environment: [:])
        }
        #expect(nothing?.description.contains("has no seata.config settings") == true)
    }

    @Test func seatasApplicationYmlCarriesItsZooKeeperRegistryAndConsole() throws {
        let yaml = try file(
            """
            console:
              user:
                username: operator
                password: from-yaml
            seata:
              config:
                type: zk
                zk:
                  server-addr: zk1:2181
              registry:
                type: zk
                nacos:
                  server-addr: nacos:8848
                zk:
                  cluster: east
                  server-addr: zk2:2181
                  session-timeout: 8000
              security:
                secretKey: a-secret-key-of-thirty-two-bytes-at-least
                tokenValidityInMilliseconds: 60000
            """,
            extension: "yml"
        )
        let settings = try BootstrapSettings.resolve(arguments: ["coordinator", "--bootstrap", yaml], environment: [:])
        let registry = try #require(settings.registry)
        #expect(registry.cluster == "east" && registry.connectString == "zk2:2181")
        #expect(registry.sessionTimeout == .seconds(8))
        #expect(settings.console.username == "operator" && settings.console.password == "from-yaml")
        #expect(settings.console.secretKey == "a-secret-key-of-thirty-two-bytes-at-least")
        #expect(settings.console.tokenValidity == .seconds(60))
    }
}
