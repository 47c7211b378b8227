import CommandLineContract
import ConfigCenter
import DatabaseStore

extension DatabaseSettings {
    /// The db store's settings from `store.db.*`.
    ///
    /// A setting that cannot work is a startup report (exit 78) naming the key, its origin and
    /// what to put there. The password is never part of a report.
    static func from(_ config: ConfigValues, schema: ConfigSchema) throws -> DatabaseSettings {
        let typed = TypedConfig(values: config, schema: schema)
        func origin(_ key: String) -> String { config[key]?.origin.description ?? "unset" }
        func refuse(_ problem: String, _ action: String) -> StartupFailure {
            StartupFailure(
                exitCode: ExitStatus.invalidConfig.code,
                summary: "The db session store cannot be configured:",
                problems: [problem],
                action: action
            )
        }
        let dbType = typed.string("store.db.dbType") ?? "postgresql"
        guard SessionStoreOpener.supportedDatabaseTypes.contains(dbType.lowercased()) else {
            throw refuse(
                "store.db.dbType=\(dbType) (\(origin("store.db.dbType"))): this coordinator has no driver for \(dbType)",
                "Set store.db.dbType to one of \(SessionStoreOpener.supportedDatabaseTypes.joined(separator: ", ")) and store.db.url to a jdbc:postgresql:// URL, or keep Apache Seata's own server for \(dbType)."
            )
        }
        guard let text = typed.string("store.db.url") else {
            throw refuse(
                "store.db.url: missing (store.mode=db needs the database's JDBC URL)",
                "Set store.db.url, such as jdbc:postgresql://127.0.0.1:5432/seata."
            )
        }
        let url: JDBCURL
        do {
            url = try JDBCURL(parsing: text)
        } catch {
            throw refuse(
                "store.db.url (\(origin("store.db.url"))) \(error.problem)",
                "Set store.db.url to jdbc:postgresql://HOST:PORT/DATABASE, with only these parameters: \(JDBCURL.honouredParameters.map { "\($0.name) (\($0.meaning))" }.joined(separator: "; "))."
            )
        }
        let minimum = Int(typed.integer("store.db.minConn") ?? 10)
        let maximum = Int(typed.integer("store.db.maxConn") ?? 100)
        guard maximum >= 1, minimum >= 0, minimum <= maximum else {
            throw refuse(
                "store.db.minConn=\(minimum) (\(origin("store.db.minConn"))) is above store.db.maxConn=\(maximum) (\(origin("store.db.maxConn")))",
                "Set store.db.minConn at most store.db.maxConn."
            )
        }
        var tables = TableNames()
        tables.global = typed.string("store.db.globalTable") ?? tables.global
        tables.branch = typed.string("store.db.branchTable") ?? tables.branch
        tables.lock = typed.string("store.db.lockTable") ?? tables.lock
        tables.distributedLock = typed.string("store.db.distributedLockTable") ?? tables.distributedLock
        for (key, name) in tables.all where !TableNames.isPlainIdentifier(name) {
            throw refuse(
                "\(key)='\(name)' (\(origin(key))) is not a plain table name",
                "Use letters, digits and _ (optionally schema.table), such as \(TableNames().all.first { $0.key == key }?.name ?? "global_table")."
            )
        }
        return DatabaseSettings(
            url: url,
            user: typed.string("store.db.user") ?? "",
            password: config["store.db.password"]?.value,
            minConnections: minimum,
            maxConnections: maximum,
            maxWait: typed.duration("store.db.maxWait") ?? .seconds(5),
            tables: tables
        )
    }
}
