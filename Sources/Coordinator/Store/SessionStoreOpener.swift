import CommandLineContract
public import ConfigCenter
import DatabaseStore
public import FileStore
public import Logging

/// Opens the session store `store.mode` names, or explains why this coordinator cannot.
///
/// Seata's modes are file, db, redis and raft, and `store.lock.mode` / `store.session.mode`
/// may pick a different one for locks and sessions. This coordinator implements `file` (an
/// embedded SQLite database in `store.file.dir`, one coordinator) and `db` (PostgreSQL, shared
/// by several coordinators). It keeps sessions and their row locks in one store, so the two
/// modes must agree: locks in a file beside sessions in a shared database would let two
/// coordinators grant the same row. redis and raft pass validation (their keys are checked
/// against the schema) and are then refused by name, rather than silently running on
/// something else.
public enum SessionStoreOpener {
    /// The modes this coordinator can run.
    public static let supportedModes = ["file", "db"]
    /// The `store.db.dbType` values it has a driver for.
    public static let supportedDatabaseTypes = ["postgresql"]

    /// The mode both sessions and locks use, or a report.
    static func mode(_ config: ConfigValues) throws -> String {
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
                    "This coordinator supports store.mode \(supportedModes.joined(separator: ", ")). Set store.mode (and store.lock.mode, store.session.mode if set) to file or db, or run a coordinator that implements the other store."
            )
        }
        let sessions = config["store.session.mode"].flatMap { $0.value.isEmpty ? nil : $0 }
        let locks = config["store.lock.mode"].flatMap { $0.value.isEmpty ? nil : $0 }
        let sessionMode = sessions?.value ?? mode
        let lockMode = locks?.value ?? mode
        guard sessionMode == lockMode else {
            func described(_ key: String, _ value: SourcedValue?, _ effective: String) -> String {
                value.map { "\(key)=\($0.value) (\($0.origin))" } ?? "\(key) unset, so \(effective) (store.mode)"
            }
            throw StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "Sessions and row locks are configured in different stores:",
                problems: [
                    described("store.session.mode", sessions, sessionMode),
                    described("store.lock.mode", locks, lockMode),
                ],
                action:
                    "This coordinator keeps a transaction's row locks in the same store as its session, so that a decision and its lock release are one atomic change (a file beside a shared database would let two coordinators lock the same row). Set store.session.mode and store.lock.mode to the same value (or leave both unset to follow store.mode)."
            )
        }
        return sessionMode
    }

    /// Opens the store for `config` (already validated).
    ///
    /// - Parameters:
    ///   - config: The effective configuration.
    ///   - schema: The schema, to type `store.db.*`.
    ///   - workingDirectory: Where a relative `store.file.dir` starts (the process's, by default).
    ///   - logger: The store's logger.
    /// - Returns: The open store.
    /// - Throws: `StartupFailure`: 78 for an unsupported mode, an unusable folder, bad
    ///   `store.db.*` settings or missing tables; 69 for an unreachable database; 77 for a
    ///   refused user or password.
    static func open(
        _ config: ConfigValues,
        schema: ConfigSchema,
        workingDirectory: String? = nil,
        logger: Logger = Logger(label: "coordinator.store")
    ) async throws -> OpenStore {
        switch try mode(config) {
        case "db":
            let settings = try DatabaseSettings.from(config, schema: schema)
            do {
                return .database(try await DatabaseStore.open(settings, logger: logger))
            } catch {
                throw StartupFailure.database(error, settings: settings, config: config)
            }
        default:
            return .file(try openFile(config, workingDirectory: workingDirectory, logger: logger))
        }
    }

    /// Opens `store.mode=file`'s store (tests, and the file branch of `open`).
    public static func openFile(
        _ config: ConfigValues,
        workingDirectory: String? = nil,
        logger: Logger = Logger(label: "coordinator.store")
    ) throws -> FileStore {
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
