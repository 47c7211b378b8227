import CommandLineContract
import ConfigCenter
import DatabaseStore

extension StartupFailure {
    /// The report for a db store that cannot open: 69 unreachable (naming host:port and where
    /// store.db.url came from), 77 user or password refused, 78 tables missing (naming the DDL
    /// file and `--init-store`) or settings that cannot work.
    static func database(_ error: DatabaseStoreError, settings: DatabaseSettings, config: ConfigValues)
        -> StartupFailure
    {
        let urlOrigin = config["store.db.url"]?.origin.description ?? "unset"
        switch error.kind {
        case .unreachable:
            return StartupFailure(
                exitCode: ExitStatus.unavailable.code,
                summary: "The session database cannot be reached:",
                problems: [error.problem, "store.db.url=\(config["store.db.url"]?.value ?? "") (\(urlOrigin))"],
                action: sentence(error.action)
            )
        case .authentication:
            let userOrigin = config["store.db.user"]?.origin.description ?? "unset"
            let passwordOrigin = config["store.db.password"]?.origin.description ?? "unset"
            return StartupFailure(
                exitCode: ExitStatus.noPermission.code,
                summary: "The session database refused this coordinator's credentials:",
                problems: [
                    error.problem,
                    "store.db.user=\(settings.user) (\(userOrigin)); store.db.password <redacted> (\(passwordOrigin))",
                ],
                action: sentence(error.action)
            )
        case .missingSchema:
            return StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "The session database lacks Seata's tables:",
                problems: [error.problem],
                action:
                    "Apply the shipped DDL (\(DatabaseSchema.scriptPath)), or let the coordinator create the tables with the same settings, then start again:",
                commands: [
                    "psql -h \(settings.url.host) -p \(settings.url.port) -U \(settings.user) -d \(settings.url.database ?? settings.user) -v ON_ERROR_STOP=1 -f \(DatabaseSchema.scriptPath)",
                    "coordinator --init-store [the same options]",
                ]
            )
        case .configuration:
            return StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "The session database cannot be used as configured:",
                problems: [error.problem, "store.db.url=\(config["store.db.url"]?.value ?? "") (\(urlOrigin))"],
                action: sentence(error.action)
            )
        case .failed:
            return StartupFailure(
                exitCode: ExitStatus.unavailable.code,
                summary: "The session database failed at startup:",
                problems: [error.problem],
                action: sentence(error.action)
            )
        }
    }

    private static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}
