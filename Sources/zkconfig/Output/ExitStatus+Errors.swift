import CommandLineContract
import ConfigCenter
import ZooKeeper

/// How `zkconfig` maps what went wrong to the exit codes both programs share.
extension ExitStatus {
    /// The exit status for an error, and the message to print for it (what, where, what to do).
    ///
    /// `writes` says whether the command writes: only then does a message say that nothing was
    /// written.
    static func classify(_ error: any Error, settings: Settings?, writes: Bool = false) -> (ExitStatus, String) {
        let nothingWritten = writes ? "; nothing was written" : ""
        switch error {
        case let error as UsageError:
            return (.usage, error.description)
        case let error as InputFileError:
            return (.badInput, "\(error)\(nothingWritten)")
        case let error as EmptyInputError:
            return (.badInput, error.description)
        case let error as SeedInputError:
            let intro = writes ? "the input cannot be seeded; nothing was written:" : "the input cannot be read:"
            return (.badInput, intro + "\n" + error.description)
        case let error as SeedPlanError:
            switch error {
            case .nodeTooLarge: return (.badInput, "\(error)\(nothingWritten)")
            case .unreadableNode: return (.invalidConfig, "\(error)\(nothingWritten)")
            }
        case let error as MissingChrootError:
            var message = "\(error)\(nothingWritten)"
            if writes, let settings {
                message +=
                    "\n    or seed through the servers without the chroot, which creates it: "
                    + error.seedCommand(root: settings.root, file: "FILE")
            }
            return (.invalidConfig, message)
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
        case .unresolvedHost:
            return (
                .unavailable,
                "; check the host names in --connect (or ZK_CONNECT) and this host's DNS, then run again"
            )
        case .connectionLoss, .sessionExpired, .operationTimeout, .closing, .invalidState:
            return (.unavailable, "; check that the ZooKeeper servers are up and reachable, then run again")
        case .noAuth, .authFailed, .invalidACL:
            if let settings, let credentials = settings.credentials {
                let path = error.path ?? settings.layout.basePath
                return (
                    .noPermission,
                    "; the digest user '\(credentials.user)' (\(settings.credentialsOrigin)) was refused: check its "
                        + "password, and that the node's ACL admits it (zkCli.sh -server \(settings.connect) getAcl \(path))"
                )
            }
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
