import Foundation
import Testing
import ZooKeeperTestSupport

/// `coordinator --generate-completion-script SHELL`: every flag of `--help`, for each shell.
@Suite struct CompletionTests {
    private static let flags = [
        "--connect", "--root", "--auth", "--timeout", "--session-timeout", "--layout", "--host", "--port",
        "--advertise-host", "--http-host", "--http-port", "--bootstrap", "--schema", "--config-type", "--config-file",
        "--version", "--help",
    ]

    @Test(arguments: ["bash", "zsh", "fish"])
    func everyFlagIsCompleted(shell: String) async throws {
        let result = try await ProcessRunner.run(
            ProcessRunner.executable("coordinator"),
            ["--generate-completion-script", shell]
        )
        #expect(result.status == 0, "\(result.stderr)")
        for flag in Self.flags {
            let spelled = shell == "fish" ? "-l \(flag.dropFirst(2))" : flag
            #expect(result.stdout.contains(spelled), "\(shell): \(flag)")
        }
        if shell == "bash" {
            let check = try await ProcessRunner.run("/bin/bash", ["-n"], stdin: result.stdout)
            #expect(check.status == 0, "\(check.stderr)")
        }
    }

    @Test func anUnknownShellIsAUsageError() async throws {
        let result = try await ProcessRunner.run(
            ProcessRunner.executable("coordinator"),
            ["--generate-completion-script", "tcsh"]
        )
        #expect(result.status == 64)
        #expect(result.stderr.contains("bash, zsh, fish"))
    }
}
