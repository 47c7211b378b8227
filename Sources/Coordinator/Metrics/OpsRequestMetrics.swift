import Dispatch
import Hummingbird
import Metrics

/// Counts and times the ops endpoints' requests, named as Prometheus names things.
///
/// `coordinator_http_requests_total{route, method, status}` and
/// `coordinator_http_request_duration_seconds{route, method, status}` for every request, and
/// `coordinator_http_request_errors_total{route, method, status}` only for a request that failed
/// (Hummingbird's own middleware names its counter without `_total` and gives every route an
/// error counter, with an error label, from its first success).
struct OpsRequestMetrics<Context: RequestContext>: RouterMiddleware {
    // Hummingbird is built without NonisolatedNonsendingByDefault: its `next` is @concurrent.
    @concurrent func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let method = request.method.rawValue
        do {
            // The ops responses are whole buffers: made is as good as written.
            let response = try await next(request, context)
            Self.record(
                route: context.endpointPath ?? "unknown",
                method: method,
                status: response.status.code,
                since: started
            )
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            let route = context.endpointPath ?? "unknown"
            Self.record(route: route, method: method, status: status, since: started)
            Counter(
                label: "coordinator_http_request_errors_total",
                dimensions: [("route", route), ("method", method), ("status", "\(status)")]
            )
            .increment()
            throw error
        }
    }

    private static func record(route: String, method: String, status: Int, since started: UInt64) {
        let dimensions = [("route", route), ("method", method), ("status", "\(status)")]
        Counter(label: "coordinator_http_requests_total", dimensions: dimensions).increment()
        Timer(
            label: "coordinator_http_request_duration_seconds",
            dimensions: dimensions,
            preferredDisplayUnit: .seconds
        )
        .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
    }
}
