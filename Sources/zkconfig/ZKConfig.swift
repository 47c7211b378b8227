import ArgumentParser
import CommandLineContract
import ConfigCenter

/// `zkconfig`: seed, validate, diff, read, write, export and watch a coordinator's
/// configuration in ZooKeeper.
@main
struct ZKConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkconfig",
        abstract: "Seed, check and follow a coordinator's configuration in ZooKeeper.",
        discussion: """
            Global options work before or after the subcommand. Output for scripts goes to \
            stdout, messages for people to stderr; secret values are shown as <redacted>. \
            The schema is built in (Config/schema.json as it was at build time); --schema FILE \
            or ZKCONFIG_SCHEMA uses another.

            Exit codes: \(ExitStatus.summary()).
            """,
        version: versionText,
        subcommands: [
            SeedCommand.self, ValidateCommand.self, DiffCommand.self, GetCommand.self, SetCommand.self,
            DeleteCommand.self, ExportCommand.self, WatchCommand.self,
        ]
    )

    /// `zkconfig 0.9.0, schema 2 (Apache Seata 2.x …), built-in`.
    static var versionText: String {
        let schema = (try? ConfigSchema.builtIn().versionLine) ?? "built-in schema unreadable"
        return "zkconfig \(ProductVersion.current), \(schema)"
    }

    @OptionGroup var global: GlobalOptions
}
