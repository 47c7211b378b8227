import ArgumentParser
import CommandLineContract
import ConfigCenter
import ZooKeeper

/// `zkconfig delete KEY [--version N]`.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one key.",
        discussion: """
            Says whether the key existed: `deleted KEY` (exit 0), or `no key KEY` and exit 1, as \
            get does. JSON prints {"key", "path", "existed", "version"} (the version is the single \
            node's after the write, null otherwise). With --version N it deletes only if the znode \
            (or the single node) is at version N, and exits 75 otherwise, also when the key does \
            not exist. A znode with child znodes is not a key and is not deleted (exit 78).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The key, such as store.mode.")
    var key: String

    @Option(help: "Delete only if the znode is at this version.")
    var version: Int32?

    func run() async throws {
        try await CommandContext.run(global, writes: true) { context in
            let settings = context.settings
            try KeyArgument.check(key, layout: settings.layout)
            let write: ConfigKeyEditor.Write?
            do {
                write = try await context.withClient { client in
                    try await ConfigKeyEditor(client: client, layout: settings.layout)
                        .delete(key, expectedVersion: version)
                }
            } catch let error as ZooKeeperError where error.code == .noNode && version != nil {
                Console.message("\(error); there is no such key to delete at version \(version!)")
                return .conflict
            } catch let error as ZooKeeperError where error.code == .notEmpty {
                let path = settings.layout.path(of: key)
                Console.message(
                    "znode \(path) has child znodes, so it is not a key; nothing deleted. If the whole subtree "
                        + "should go, remove it with: zkCli.sh -server \(settings.connect) deleteall \(path)"
                )
                return .invalidConfig
            }
            let path = write?.path ?? settings.layout.path(of: key)
            if write == nil {
                Console.message(
                    "no key \(key) in \(settings.subject) (\(GetCommand.whereMissing(key, settings.layout))); nothing deleted"
                )
            } else {
                Console.message("deleted \(key) from \(settings.subject)")
            }
            if settings.format == .json {
                Console.out(
                    KeyJSON.encode(KeyDeleteJSON(key: key, path: path, existed: write != nil, version: write?.version))
                )
            }
            return write == nil ? .different : .ok
        }
    }
}
