import Foundation
import Hummingbird
import Logging
import TransactionCore

/// The operators' console on the ops HTTP port: Seata's console API (same paths, parameters and
/// envelope), its login, and the web page.
///
/// | route | what |
/// |---|---|
/// | `POST /api/v1/auth/login` | `{"username","password"}` → `data: "Bearer <token>"` (rate bounded) |
/// | `GET /api/v1/console/globalSession/query` | sessions, filtered and paged, with branches on request |
/// | `PUT …/globalSession/stopGlobalSession`, `startGlobalSession` | stop / restart the retries |
/// | `PUT …/globalSession/sendCommitOrRollback`, `changeGlobalStatus` | re-drive the decided phase two |
/// | `DELETE …/globalSession/deleteGlobalSession`, `forceDeleteGlobalSession` | delete (rollback first) / force |
/// | `DELETE …/branchSession/deleteBranchSession`, `forceDeleteBranchSession` | delete a branch |
/// | `GET …/globalLock/query`, `GET …/globalLock/check`, `DELETE …/globalLock/delete` | row locks |
/// | `GET /`, `/console.css`, `/console.js`, `/openapi.json` | the page and the API's description |
///
/// Everything answers only on the console's address; everything under `/api/v1/console` needs a
/// token. `Console/openapi.json` describes each route; a test holds it to the routes served.
struct OperatorConsole: Sendable {
    let settings: ConsoleSettings
    let tokens: ConsoleTokens
    let limiter: LoginLimiter
    let core: TransactionCoordinator
    let logger: Logger

    /// The API's path prefix.
    static let apiPrefix = "/api/v1/console"

    static func make(settings: ConsoleSettings, core: TransactionCoordinator, logger: Logger) async -> OperatorConsole {
        OperatorConsole(
            settings: settings,
            tokens: await ConsoleTokens(secretKey: settings.secretKey, validity: settings.tokenValidity),
            limiter: LoginLimiter(),
            core: core,
            logger: logger
        )
    }

    func register(on router: Router<OpsRequestContext>) {
        let open = ConsoleGate(settings: settings, tokens: tokens, requireToken: false, logger: logger)
        let page = router.group().add(middleware: open)
        for name in ConsolePage.routes.keys.sorted() {
            page.get(RouterPath(name)) { _, _ in ConsolePage.response(for: name) }
        }
        router.group("/api/v1/auth").add(middleware: open)
            .post("login") { request, context in
                await login(request, context)
            }
        let api = router.group(RouterPath(Self.apiPrefix))
            .add(middleware: ConsoleGate(settings: settings, tokens: tokens, requireToken: true, logger: logger))
        registerQueries(on: api)
        registerActions(on: api)
    }

    // MARK: - Login

    private struct Credentials: Decodable {
        var username: String
        var password: String
    }

    private func login(_ request: Request, _ context: OpsRequestContext) async -> Response {
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        if let wait = limiter.take(client: client) {
            logger.warning("Console login refused: too many attempts", metadata: ["from": "\(client)"])
            var response = ConsoleEnvelope.failure(
                .tooManyRequests,
                "Too many login attempts; try again in \(max(1, wait.components.seconds + 1)) s"
            )
            response.headers[.retryAfter] = "\(max(1, wait.components.seconds + 1))"
            return response
        }
        let credentials: Credentials
        do {
            let body = request.body
            let buffer = try await body.collect(upTo: 64 * 1024)
            credentials = try JSONDecoder().decode(Credentials.self, from: Data(buffer: buffer))
        } catch {
            return ConsoleEnvelope.failure(
                .badRequest,
                #"Send the credentials as JSON: {"username": "…", "password": "…"} (Content-Type: application/json)"#
            )
        }
        guard Self.same(credentials.username, settings.username) && Self.same(credentials.password, settings.password)
        else {
            logger.warning(
                "Console login failed",
                metadata: ["user": "\(credentials.username)", "from": "\(context.clientDescription ?? client)"]
            )
            return ConsoleEnvelope.failure(.unauthorized, "Login failed")
        }
        do {
            let token = "Bearer " + (try await tokens.issue(for: credentials.username))
            logger.notice(
                "Console login",
                metadata: ["user": "\(credentials.username)", "from": "\(context.clientDescription ?? client)"]
            )
            var response = ConsoleEnvelope.success(token)
            response.headers[.authorization] = token
            return response
        } catch {
            logger.error("Console token could not be signed", metadata: ["error": "\(error)"])
            return ConsoleEnvelope.failure(.internalServerError, "The token could not be signed")
        }
    }

    /// Compares in time independent of where the texts differ.
    private static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    // MARK: - Answers

    /// Runs `body`, turning a bad parameter into 400 and an `OperatorError` into its status.
    func answer(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as ConsoleParameters.Problem {
            return ConsoleEnvelope.failure(.badRequest, problem.description)
        } catch let error as OperatorError {
            return ConsoleEnvelope.failure(Self.status(of: error), error.message, data: ConsoleViews.Refusal(error))
        } catch {
            logger.error("Console request failed", metadata: ["error": "\(error)"])
            return ConsoleEnvelope.failure(.internalServerError, "The request failed: \(error)")
        }
    }

    static func status(of error: OperatorError) -> HTTPResponse.Status {
        switch error.kind {
        case .notFound: .notFound
        case .refused, .notCompleted, .changedMeanwhile: .conflict
        case .storeFailed: .internalServerError
        case .unsupported: .notImplemented
        }
    }

    static func who(_ context: OpsRequestContext) -> Operator {
        context.consoleOperator ?? Operator(name: "unknown", address: context.clientDescription)
    }
}
