import CommandLineContract

extension StartupFailure {
    /// The transaction port cannot be listened on.
    ///
    /// In use by another process, or the address is not this host's. Exits 71, before the
    /// coordinator registers anywhere.
    static func transactionPort(_ error: TransactionServer.BindError, settings: BootstrapSettings) -> StartupFailure {
        let origin = settings.origins["port"].map { " (\($0))" } ?? ""
        if error.isAddressInUse {
            return StartupFailure(
                exitCode: ExitStatus.portUnavailable.code,
                summary: "The transaction port \(error.host):\(error.port)\(origin) is in use by another process:",
                problems: ["\(error)"],
                action:
                    "Stop the process that holds the port (`ss -ltnp 'sport = :\(error.port)'` names it), or give this coordinator another one with --port or SEATA_PORT."
            )
        }
        return StartupFailure(
            exitCode: ExitStatus.portUnavailable.code,
            summary: "The transaction port \(error.host):\(error.port)\(origin) cannot be listened on:",
            problems: ["\(error)"],
            action: "Check --host (SEATA_HOST): it must be an address of this host, or 0.0.0.0 for all of them."
        )
    }
}
