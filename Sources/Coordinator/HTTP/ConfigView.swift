import ConfigCenter
import Foundation

/// `GET /config`: every key the coordinator runs with, its value (secrets redacted), where it
/// came from, whether it is a default, and any change waiting for a restart.
struct ConfigView: Encodable {
    struct Context: Sendable {
        var source: String
        var connect: String?
        var sessionGeneration: Int?
        /// The `zkconfig` command line that reaches this configuration, for fix commands.
        var fixCommand: String?
    }

    struct Key: Encodable {
        struct Pending: Encodable {
            var value: String
            var origin: String
        }

        var value: String
        var origin: String
        var isDefault: Bool
        var secret: Bool
        var restartRequired: Bool
        var pendingRestart: Pending?
        /// What this coordinator does with the key (nil for keys only clients read).
        var coordinator: String?
    }

    struct Rejected: Encodable {
        var at: String
        var keys: [String]
        var problems: [String]
    }

    var source: String
    var connect: String?
    var sessionGeneration: Int?
    var reloads: Int
    var keys: [String: Key]
    var warnings: [ConfigWarningView]
    /// Keys set (not defaults) that this coordinator cannot honour, with the reason.
    var notHonoured: [String: String]
    var rejectedChange: Rejected?

    static func make(state: RunningState, context: Context) -> ConfigView {
        let schema = state.schema
        let pending = state.pending
        var keys: [String: Key] = [:]
        for (key, value) in state.applied {
            keys[key] = Key(
                value: schema.redact(key: key, value: value.value),
                origin: value.origin.description,
                isDefault: value.isDefault,
                secret: schema.isSecret(key),
                restartRequired: schema.spec(for: key)?.restartRequired ?? false,
                pendingRestart: pending[key]
                    .map {
                        Key.Pending(
                            value: schema.redact(key: key, value: $0.value.value),
                            origin: $0.value.origin.description
                        )
                    }
            )
        }
        for (key, change) in pending where keys[key] == nil {
            keys[key] = Key(
                value: "",
                origin: "not set at startup",
                isDefault: false,
                secret: schema.isSecret(key),
                restartRequired: true,
                pendingRestart: Key.Pending(
                    value: schema.redact(key: key, value: change.value.value),
                    origin: change.value.origin.description
                )
            )
        }
        var notHonoured: [String: String] = [:]
        for key in keys.keys {
            guard let support = KeySupport.of(key) else { continue }
            keys[key]?.coordinator = support.summary
            if case .notHonoured(let reason) = support, keys[key]?.isDefault == false {
                notHonoured[key] = reason
            }
        }
        return ConfigView(
            source: context.source,
            connect: context.connect,
            sessionGeneration: context.sessionGeneration,
            reloads: state.reloads,
            keys: keys,
            warnings: ConfigWarningView.make(state.warnings, fixCommand: context.fixCommand),
            notHonoured: notHonoured,
            rejectedChange: state.rejection.map {
                Rejected(at: ISO8601DateFormatter().string(from: $0.at), keys: $0.keys, problems: $0.problems)
            }
        )
    }
}
