import ArgumentParser
import ConfigCenter
import ZooKeeper

/// `zkconfig delete KEY [--version N]`.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one key.",
        discussion: """
            Deleting a key that does not exist succeeds (exit 0) and says so on stderr. With \
            --version N it deletes only if the znode (or the single node) is at version N, \
            and exits 75 otherwise, also when the key does not exist.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The key, such as store.mode.")
    var key: String

    @Option(help: "Delete only if the znode is at this version.")
    var version: Int32?

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            try KeyArgument.check(key)
            do {
                let write = try await context.withClient { client in
                    try await ConfigKeyEditor(client: client, layout: settings.layout)
                        .delete(key, expectedVersion: version)
                }
                if write == nil {
                    Console.message("no key \(key) in \(settings.subject); nothing deleted")
                } else {
                    Console.message("deleted \(key) from \(settings.subject)")
                }
                if settings.format == .json {
                    Console.out(
                        KeyWriteJSON.encode(
                            .init(
                                key: key,
                                path: settings.layout.path(of: key),
                                version: write?.version,
                                created: false
                            )
                        )
                    )
                }
                return .ok
            } catch let error as ZooKeeperError where error.code == .noNode && version != nil {
                Console.message("\(error); there is no such key to delete at version \(version!)")
                return .conflict
            }
        }
    }
}
