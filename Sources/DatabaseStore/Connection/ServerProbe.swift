#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The first connection at startup, on its own: it tells an unreachable server from a refused
/// password from a missing database, within the connect timeout, before any pool exists.
enum ServerProbe {
    /// Connects once, runs `body` on the connection, closes it.
    static func withConnection<Result: Sendable>(
        _ settings: DatabaseSettings,
        logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws(DatabaseStoreError) -> Result {
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls = try TransportSecurity.connectionTLS(settings.url.sslMode)
        } catch {
            throw DatabaseStoreError(
                .configuration,
                problem:
                    "store.db.url asks for sslmode=\(settings.url.sslMode.rawValue), but TLS cannot be set up: \(error)",
                action: "fix the system's certificates, or choose another sslmode in store.db.url"
            )
        }
        var configuration = PostgresConnection.Configuration(
            host: settings.url.host,
            port: settings.url.port,
            username: settings.user,
            password: settings.password?.isEmpty == false ? settings.password : nil,
            database: settings.url.database,
            tls: tls
        )
        configuration.options.connectTimeout = .milliseconds(settings.connectTimeout.wholeMilliseconds)
        configuration.options.additionalStartupParameters = ConnectionParameters.startup(settings.url)
        let timeout = settings.connectTimeout
        let connectWith = configuration
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    let connection = try await PostgresConnection.connect(
                        configuration: connectWith,
                        id: 0,
                        logger: ConnectionPool.quiet
                    )
                    do {
                        let result = try await body(connection)
                        try? await connection.close()
                        return result
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                guard let first = try await group.next(), let result = first else {
                    group.cancelAll()
                    throw ProbeTimeout()
                }
                group.cancelAll()
                return result
            }
        } catch let error as DatabaseStoreError {
            throw error
        } catch {
            throw classify(error, settings)
        }
    }

    private struct ProbeTimeout: Error {}

    /// What a failed first connection means.
    static func classify(_ error: any Error, _ settings: DatabaseSettings) -> DatabaseStoreError {
        let endpoint = settings.url.endpoint
        let timeout = settings.connectTimeout.millisecondsText
        if error is ProbeTimeout {
            return DatabaseStoreError(
                .unreachable,
                problem: "PostgreSQL at \(endpoint) did not answer within \(timeout)",
                action: "start the database (or fix host and port in store.db.url), then start the coordinator again"
            )
        }
        if let psql = error as? PSQLError {
            if psql.code == .server, let info = psql.serverInfo {
                let state = info[.sqlState] ?? ""
                let message = info[.message] ?? "an error"
                switch state {
                case "28P01", "28000":
                    return DatabaseStoreError(
                        .authentication,
                        problem:
                            "PostgreSQL at \(endpoint) refused user '\(settings.user)': \(message) (SQLSTATE \(state))",
                        action: "set store.db.user and store.db.password to an account of this database"
                    )
                case "3D000":
                    return DatabaseStoreError(
                        .configuration,
                        problem:
                            "PostgreSQL at \(endpoint) has no database '\(settings.url.database ?? settings.user)': \(message)",
                        action: "create the database (createdb), or name an existing one in store.db.url"
                    )
                default:
                    return DatabaseStoreError(
                        .failed,
                        problem: "PostgreSQL at \(endpoint) refused the connection: \(message) (SQLSTATE \(state))",
                        action: "see the database's log for the reason"
                    )
                }
            }
            switch psql.code {
            case .sslUnsupported:
                return DatabaseStoreError(
                    .configuration,
                    problem:
                        "PostgreSQL at \(endpoint) does not offer TLS, and store.db.url has sslmode=\(settings.url.sslMode.rawValue)",
                    action: "enable ssl on the server, or set sslmode=prefer or disable in store.db.url"
                )
            case .authMechanismRequiresPassword:
                return DatabaseStoreError(
                    .authentication,
                    problem:
                        "PostgreSQL at \(endpoint) asks user '\(settings.user)' for a password, and store.db.password is empty",
                    action: "set store.db.password"
                )
            case .unsupportedAuthMechanism:
                return DatabaseStoreError(
                    .authentication,
                    problem: "PostgreSQL at \(endpoint) asks for an authentication method postgres-nio does not speak",
                    action: "use md5, scram-sha-256, password or trust for this user in pg_hba.conf"
                )
            case .connectionError, .serverClosedConnection, .uncleanShutdown:
                return DatabaseStoreError(
                    .unreachable,
                    problem: "PostgreSQL at \(endpoint) cannot be reached: \(reason(psql.underlying ?? psql))",
                    action:
                        "start the database (or fix host and port in store.db.url), then start the coordinator again"
                )
            default:
                break
            }
        }
        if error is IOError || error is ChannelError || error is NIOConnectionError {
            return DatabaseStoreError(
                .unreachable,
                problem: "PostgreSQL at \(endpoint) cannot be reached: \(reason(error))",
                action: "start the database (or fix host and port in store.db.url), then start the coordinator again"
            )
        }
        return DatabaseStoreError(
            .failed,
            problem: "PostgreSQL at \(endpoint): \(reason(error))",
            action: "see the database's log for the reason"
        )
    }

    /// A short reason: `connection refused` rather than NIO's nested dump.
    static func reason(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError, let first = connection.connectionErrors.first {
            return reason(first.error)
        }
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "connect timed out" }
        if let psql = error as? PSQLError, psql.code == .server, let message = psql.serverInfo?[.message] {
            return message
        }
        return "\(error)"
    }
}
