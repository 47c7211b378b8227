import CommandLineContract
public import ConfigCenter
public import FileStore
public import Logging

/// Opens the session store `store.mode` names, or explains why this coordinator cannot.
///
/// Seata's modes are file, db, redis and raft, and `store.lock.mode` / `store.session.mode`
/// may pick a different one for locks and sessions. This coordinator implements `file` (an
/// embedded SQLite database in `store.file.dir`): the others pass validation (their keys are
/// checked against the schema) and are then refused by name, rather than silently running on
/// something else.
public enum SessionStoreOpener {
    /// The modes this coordinator can run.
    public static let supportedModes = ["file"]

    /// Opens the store for `config` (already validated).
    ///
    /// - Parameters:
    ///   - config: The effective configuration.
    ///   - workingDirectory: Where a relative `store.file.dir` starts (the process's, by default).
    ///   - logger: The store's logger.
    /// - Returns: The open store.
    /// - Throws: `StartupFailure` (exit 78) for an unsupported mode or an unusable folder.
    public static func open(
        _ config: ConfigValues,
        workingDirectory: String? = nil,
        logger: Logger = Logger(label: "coordinator.store")
    ) throws -> FileStore {
        let mode = config["store.mode"]?.value ?? ""
        var unsupported: [String] = []
        for key in ["store.mode", "store.lock.mode", "store.session.mode"] {
            guard let value = config[key], !value.value.isEmpty else { continue }
            if !supportedModes.contains(value.value) {
                unsupported.append(
                    "\(key)=\(value.value) (\(value.origin)): this coordinator does not implement the \(value.value) store"
                )
            }
        }
        if !unsupported.isEmpty || !supportedModes.contains(mode) {
            throw StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "The configured session store is not supported by this coordinator:",
                problems: unsupported.isEmpty ? ["store.mode=\(mode)"] : unsupported,
                action:
                    "This coordinator supports store.mode \(supportedModes.joined(separator: ", ")). Set store.mode (and store.lock.mode, store.session.mode if set) to file, or run a coordinator that implements the other store."
            )
        }
        let directory = config["store.file.dir"]?.value ?? "sessionStore"
        let flush = config["store.file.flushDiskMode"]?.value == "sync" ? FileStore.FlushDiskMode.sync : .async
        do {
            return try FileStore.open(
                path: directory,
                workingDirectory: workingDirectory,
                options: FileStore.Options(flushDiskMode: flush),
                logger: logger
            )
        } catch {
            throw StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary:
                    "The session store cannot be opened (store.file.dir=\(directory), \(config["store.file.dir"]?.origin.description ?? "default")):",
                problems: ["\(error)"],
                action: error.action.prefix(1).uppercased() + error.action.dropFirst() + "."
            )
        }
    }
}
