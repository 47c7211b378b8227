import Hummingbird
import Logging
import TransactionCore

/// Keeps the console to its address and, for its API, to logged-in operators.
///
/// A request that came in on a local address the console does not answer on (`--console-host`) is
/// refused with 403, whatever it carries. With `requireToken`, a request without a valid token
/// (`Authorization: Bearer …`, as Seata's console sends it) is refused with 401; the answer is the
/// same whatever was wrong (missing, malformed, forged, expired), and the log says which. A valid
/// token's user becomes the request's operator.
struct ConsoleGate: RouterMiddleware {
    typealias Context = OpsRequestContext

    let settings: ConsoleSettings
    let tokens: ConsoleTokens
    let requireToken: Bool
    let logger: Logger

    static let unauthorized =
        "Unauthorized: log in with POST /api/v1/auth/login and send the token it returns as the Authorization header"

    @concurrent func handle(
        _ request: Request,
        context: OpsRequestContext,
        next: @concurrent (Request, OpsRequestContext) async throws -> Response
    ) async throws -> Response {
        guard settings.answers(onLocalAddress: context.localAddress?.ipAddress) else {
            return ConsoleEnvelope.failure(
                .forbidden,
                "The console answers on \(settings.host) only (--console-host); this request came in on "
                    + "\(context.localAddress?.ipAddress ?? "an unknown address")"
            )
        }
        guard requireToken else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            logger.info(
                "Console request without a token refused",
                metadata: ["path": "\(request.uri.path)", "from": "\(context.clientDescription ?? "unknown")"]
            )
            return ConsoleEnvelope.failure(.unauthorized, Self.unauthorized)
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        let user: String
        do {
            user = try await tokens.user(of: token)
        } catch {
            logger.warning(
                "Console request with an invalid token refused",
                metadata: [
                    "path": "\(request.uri.path)", "from": "\(context.clientDescription ?? "unknown")",
                    "reason": "\(error)",
                ]
            )
            return ConsoleEnvelope.failure(.unauthorized, Self.unauthorized)
        }
        var context = context
        context.consoleOperator = Operator(name: user, address: context.clientDescription)
        return try await next(request, context)
    }
}
