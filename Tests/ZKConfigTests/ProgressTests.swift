import Foundation
import Testing
import ZooKeeperTestSupport

extension EndToEnd {
    /// Progress on stderr for plans above 1,000 keys, only when stderr is a terminal.
    ///
    /// A terminal is given with util-linux's `script`, which runs the command on a pseudo-
    /// terminal and copies what it writes.
    @Suite struct ProgressTests {
        private func command(_ arguments: [String]) throws -> String {
            let quoted =
                ([ProcessRunner.executable("zkconfig"), "--connect", try TestEnvironment.sharedConnectString()]
                + arguments)
                .map { "'\($0)'" }
                .joined(separator: " ")
            return quoted + " >/dev/null"
        }

        private func keys(_ count: Int) throws -> String {
            try Fixtures.write((0..<count).map { "bench.key\($0)=value\($0)" }.joined(separator: "\n") + "\n")
        }

        @Test func aLargePlanShowsProgressOnATerminal() async throws {
            let root = TestEnvironment.uniqueRoot("progress")
            let file = try keys(1_500)
            let terminal = try await ProcessRunner.run(
                "/usr/bin/script",
                ["-qfec", try command(["--root", root, "seed", "--from", file]), "/dev/null"]
            )
            #expect(terminal.status == 0, "\(terminal.stdout)")
            #expect(terminal.stdout.contains("planning 1500 keys"))
            #expect(terminal.stdout.contains("committed multi 1 of 1 (1501 operations)"))

            // The same seed with stderr not a terminal (a script's log): no progress lines.
            let again = try await CLI.run(["seed", "--from", file, "--overwrite"], root: root)
            #expect(again.status == 0)
            #expect(!again.stderr.contains("planning"))
            try await cleanUp(root)
        }

        @Test func aSmallPlanShowsNoProgressEvenOnATerminal() async throws {
            let root = TestEnvironment.uniqueRoot("progress-small")
            let terminal = try await ProcessRunner.run(
                "/usr/bin/script",
                ["-qfec", try command(["--root", root, "seed", "--from", try keys(1_000)]), "/dev/null"]
            )
            #expect(terminal.status == 0, "\(terminal.stdout)")
            #expect(!terminal.stdout.contains("planning"))
            #expect(terminal.stdout.contains("1000 created"))
            try await cleanUp(root)
        }
    }
}
