import CommandLineContract
import ConfigCenter
import ZooKeeper

/// How `zkconfig` maps what went wrong to the exit codes both programs share.
extension ExitStatus {
    /// The exit status for an error, and the message to print for it (what, where, what to do).
    static func classify(_ error: any Error, settings: Settings?) -> (ExitStatus, String) {
        switch error {
        case let error as UsageError:
            return (.usage, error.description)
        case let error as SeedInputError:
            return (.badInput, "the input cannot be seeded; nothing was written:\n" + error.description)
        case let error as SeedPlanError:
            switch error {
            case .nodeTooLarge: return (.badInput, "\(error); nothing was written")
            case .unreadableNode: return (.invalidConfig, "\(error); nothing was written")
            }
        case let error as ConfigLoadError:
            return (.invalidConfig, error.description)
        case let error as SeedConflictError:
            return (.conflict, error.description)
        case let error as SeedApplyError:
            let (status, advice) = classify(zooKeeper: error.underlying, settings: settings)
            return (status, "seed failed: \(error)\(advice)")
        case let error as ZooKeeperError:
            let (status, advice) = classify(zooKeeper: error, settings: settings)
            return (status, "\(error)\(advice)")
        case let error as ConfigSchemaError:
            // As for the coordinator: the tool's own configuration is unusable (EX_CONFIG).
            return (.invalidConfig, "cannot load the schema: \(error); pass --schema FILE (or set ZKCONFIG_SCHEMA)")
        default:
            return (.internalError, "internal error: \(error)")
        }
    }

    private static func classify(zooKeeper error: ZooKeeperError, settings: Settings?) -> (ExitStatus, String) {
        switch error.code {
        case .connectTimeout:
            return (.unavailable, "; check --connect (or ZK_CONNECT) and that the servers are up, or raise --timeout")
        case .connectionLoss, .sessionExpired, .operationTimeout, .closing, .invalidState:
            return (.unavailable, "; check that the ZooKeeper servers are up and reachable, then run again")
        case .noAuth, .authFailed, .invalidACL:
            return (
                .noPermission,
                "; pass --auth user:password (or ZK_AUTH) for a user that the node's ACL admits"
            )
        case .invalidArgument, .badArguments:
            return (.usage, "; check --connect, --root and the key")
        case .requestTooLarge:
            return (.badInput, "")
        case .badVersion:
            return (.conflict, "; read it again (zkconfig get --format json shows the version) and retry")
        default:
            return (.internalError, "")
        }
    }
}
