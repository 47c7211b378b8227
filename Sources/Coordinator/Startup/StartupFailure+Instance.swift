import CommandLineContract
import ConfigCenter
import ZooKeeper

extension StartupFailure {
    /// The HTTP port cannot be listened on.
    ///
    /// In use by another process, or the address is not this host's. Exits 71, as for the transaction port, before the coordinator registers.
    static func httpPort(_ error: OpsHTTPServer.BindError, settings: BootstrapSettings) -> StartupFailure {
        let origin = settings.origins[BootstrapKey.httpPort].map { " (\($0))" } ?? ""
        if error.isAddressInUse {
            return StartupFailure(
                exitCode: ExitStatus.portUnavailable.code,
                summary: "The HTTP port \(error.host):\(error.port)\(origin) is in use by another process:",
                problems: ["\(error)"],
                action:
                    "Stop the process that holds the port (`ss -ltnp 'sport = :\(error.port)'` names it), or give this coordinator another one with --http-port or HTTP_PORT (0 picks a free one)."
            )
        }
        return StartupFailure(
            exitCode: ExitStatus.portUnavailable.code,
            summary: "The HTTP port \(error.host):\(error.port)\(origin) cannot be listened on:",
            problems: ["\(error)"],
            action: "Check --http-host (HTTP_HOST): it must be an address of this host, or 0.0.0.0 for all of them."
        )
    }

    /// Another live coordinator is registered under this one's address.
    ///
    /// Two coordinators that advertise the same address (both `127.0.0.1:8091`, say, on two
    /// hosts) cannot both be reached there. Exits 78: the addresses are misconfigured.
    static func registrationCollision(
        _ collision: InstanceRegistration.Collision,
        advertised: String,
        settings: BootstrapSettings
    ) -> StartupFailure {
        let origin = settings.origins[BootstrapKey.advertiseHost].map { " (\($0))" } ?? ""
        return StartupFailure(
            exitCode: ExitStatus.invalidConfig.code,
            summary: "Another coordinator is registered as \(advertised), the address this one advertises\(origin):",
            problems: ["\(collision)"],
            action:
                "Give each coordinator an address of its own that clients can reach: listen on this host's address (--host, SEATA_HOST) or name it with --advertise-host (SEATA_IP); or stop the other coordinator first.",
            commands: ["zkCli.sh -server \(settings.connectString) get \(collision.path)"]
        )
    }

    /// The connect string's chroot does not exist: nothing under it can be read or created.
    static func missingChroot(_ error: MissingChrootError, settings: BootstrapSettings) -> StartupFailure {
        StartupFailure(
            exitCode: ExitStatus.invalidConfig.code,
            summary: "The chroot \(error.chroot) of the connect string \(settings.connectString) does not exist:",
            problems: ["ZooKeeper never creates a chroot, and under a missing one every path is missing, / included"],
            action: "Create the chroot, or seed through the servers without it, which creates it; then start again:",
            commands: [
                error.createCommand,
                error.seedCommand(root: settings.layout.keysRoot, file: "Config/config.txt"),
            ]
        )
    }
}
