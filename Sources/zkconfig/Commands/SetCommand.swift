import ArgumentParser
import ConfigCenter
import ZooKeeper

/// `zkconfig set KEY VALUE [--version N]`: one value, optionally compare-and-set.
struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set one key, creating it (and the root) when missing.",
        discussion: """
            With --version N the write happens only if the key's znode (or the single node) is \
            at version N; otherwise it exits 75. A value the schema does not accept is written \
            with a warning.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The key, such as store.mode.")
    var key: String

    @Argument(help: "The value; quote it in the shell. Values starting with - need -- before them.")
    var value: String

    @Option(help: "Compare-and-set: write only if the znode is at this version.")
    var version: Int32?

    @Option(help: "The ACL of znodes this creates: open, read-only or creator-all (both need --auth).")
    var acl: ACLChoice = .open

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            try KeyArgument.check(key)
            let entries = try acl.entries(credentials: settings.credentials)
            let largest = RequestSize.largestValue(path: settings.layout.path(of: key), acl: entries)
            guard value.utf8.count <= largest else {
                throw UsageError("the value is \(value.utf8.count) bytes; a znode can hold at most \(largest)")
            }
            if let spec = context.schema.spec(for: key), !value.isEmpty, case .failure(let error) = spec.parse(value) {
                let shown = context.schema.isSecret(key) ? "the value" : "'\(value)'"
                Console.message("warning: \(key): \(error.message(shown: shown)); writing it anyway")
            }
            do {
                let write = try await context.withClient { client in
                    try await ConfigKeyEditor(client: client, layout: settings.layout, acl: entries)
                        .set(key, value: value, expectedVersion: version)
                }
                switch settings.format {
                case .text:
                    Console.message(
                        "\(write.created ? "created" : "set") \(key) in \(settings.subject) "
                            + "(znode \(write.path), version \(write.version.map(String.init) ?? "?"))"
                    )
                case .json:
                    Console.out(
                        KeyWriteJSON.encode(
                            .init(key: key, path: write.path, version: write.version, created: write.created)
                        )
                    )
                }
                return .ok
            } catch let error as ZooKeeperError where error.code == .noNode && version != nil {
                Console.message("\(error); --version needs the key to exist (omit it to create the key)")
                return .conflict
            }
        }
    }
}
