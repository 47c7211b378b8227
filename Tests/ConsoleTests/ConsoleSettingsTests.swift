import Coordinator
import Foundation
import Testing

/// The console's bootstrap settings, with Seata's names in a bootstrap file, Spring's relaxed
/// names in the environment, and flags over both.
struct ConsoleSettingsTests {
    private func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "console-bootstrap-" + UUID().uuidString.prefix(8).lowercased() + ".conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func seatasDefaultsApplyWhenNothingIsSet() throws {
        let console = try BootstrapSettings.resolve(arguments: ["coordinator"], environment: [:]).console
        #expect(console.host == "127.0.0.1" && console.isLoopbackOnly)
        #expect(console.username == "seata" && console.password == "seata")
        #expect(console.secretKey == ConsoleSettings.stockSecretKey)
        #expect(console.tokenValidity == .milliseconds(1_800_000))
    }

    @Test func seatasNamesAreReadFromTheFileAndTheEnvironmentAndFlagsWin() throws {
        let bootstrap = try file(
            """
            console.user.username=file-user
            console.user.password=file-password
            seata.security.secretKey=file-secret-key-of-at-least-thirty-two
            seata.security.tokenValidityInMilliseconds=60000
            console.host=0.0.0.0
            """
        )
        let fromFile = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--bootstrap", bootstrap],
            environment: [:]
        )
        #expect(fromFile.console.username == "file-user" && fromFile.console.password == "file-password")
        #expect(fromFile.console.secretKey == "file-secret-key-of-at-least-thirty-two")
        #expect(fromFile.console.tokenValidity == .seconds(60) && fromFile.console.host == "0.0.0.0")
        #expect(fromFile.origins["console.password"]?.hasPrefix("bootstrap file") == true)

        let layered = try BootstrapSettings.resolve(
            arguments: ["coordinator", "--bootstrap", bootstrap, "--console-username", "flag-user"],
            environment: [
                "CONSOLE_USER_USERNAME": "env-user", "CONSOLE_USER_PASSWORD": "env-password",
                "SEATA_SECURITY_SECRETKEY": "env-secret", "SEATA_SECURITY_TOKENVALIDITYINMILLISECONDS": "1000",
                "CONSOLE_HOST": "127.0.0.1",
            ]
        )
        #expect(layered.console.username == "flag-user")
        #expect(layered.console.password == "env-password" && layered.console.secretKey == "env-secret")
        #expect(layered.console.tokenValidity == .seconds(1) && layered.console.host == "127.0.0.1")
        #expect(layered.origins["console.password"] == "environment CONSOLE_USER_PASSWORD")
    }

    @Test func malformedConsoleSettingsAreRefusedByName() throws {
        #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(
                arguments: ["coordinator", "--console-token-validity", "soon"],
                environment: [:]
            )
        }
        #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(
                arguments: ["coordinator", "--console-host", "not an address"],
                environment: [:]
            )
        }
        #expect(throws: BootstrapError.self) {
            try BootstrapSettings.resolve(arguments: ["coordinator", "--console-passwd", "x"], environment: [:])
        }
    }
}
