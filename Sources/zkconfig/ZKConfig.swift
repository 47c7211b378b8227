import ArgumentParser

/// `zkconfig`: seed, validate, diff, read, write, export and watch a coordinator's
/// configuration in ZooKeeper.
@main
struct ZKConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkconfig",
        abstract: "Seed, check and follow a coordinator's configuration in ZooKeeper.",
        discussion: """
            Global options work before or after the subcommand. Output for scripts goes to \
            stdout, messages for people to stderr; secret values are shown as <redacted>.

            Exit codes: 0 ok; 1 diff found differences (get: no such key); 64 usage; \
            65 bad input file; 69 ZooKeeper unreachable; 70 internal error; 75 conflict \
            (concurrent writers outlasted the retries, or set/delete --version did not match); \
            77 authentication or ACL refused; 78 configuration invalid.
            """,
        subcommands: [
            SeedCommand.self, ValidateCommand.self, DiffCommand.self, GetCommand.self, SetCommand.self,
            DeleteCommand.self, ExportCommand.self, WatchCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}
