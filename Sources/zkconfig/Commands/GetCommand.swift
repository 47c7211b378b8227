import ArgumentParser
import ConfigCenter

/// `zkconfig get KEY`: one value.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one key's value (secrets as <redacted>).",
        discussion: """
            Text prints the value as stored, then a newline. JSON prints {"key", "value", "path", \
            "version"}; the version is what set/delete --version compare with. Exits 1 when the \
            key does not exist.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The key, such as store.mode.")
    var key: String

    func run() async throws {
        try await CommandContext.run(global) { context in
            let settings = context.settings
            try KeyArgument.check(key, layout: settings.layout)
            let stored = try await context.withClient { client in
                try await ConfigKeyEditor(client: client, layout: settings.layout).get(key)
            }
            guard let stored else {
                Console.message("no key \(key) in \(settings.subject) (\(Self.whereMissing(key, settings.layout)))")
                return .different
            }
            let shown = context.schema.redact(key: key, value: stored.value)
            switch settings.format {
            case .text: Console.out(shown + "\n")
            case .json:
                Console.out(
                    KeyJSON.encode(KeyJSON(key: key, value: shown, path: stored.path, version: stored.version))
                )
            }
            return .ok
        }
    }

    static func whereMissing(_ key: String, _ layout: ConfigLayout) -> String {
        switch layout {
        case .perKey: "no znode \(layout.path(of: key))"
        case .singleNode(let path, _): "not in node \(path)"
        }
    }
}
