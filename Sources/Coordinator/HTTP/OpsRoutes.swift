import ConfigCenter
import Foundation
import Hummingbird

/// The operations endpoints: `/health`, `/ready`, `/config`, `/metrics` (open to every client),
/// and the operators' console when there is one (`OperatorConsole`).
enum OpsRoutes {
    static func router(
        state: RunningState,
        metrics: CoordinatorMetrics,
        console: OperatorConsole? = nil,
        describe: @escaping @Sendable () -> ConfigView.Context
    )
        -> Router<OpsRequestContext>
    {
        let router = Router(context: OpsRequestContext.self)
        router.add(middleware: OpsRequestMetrics())
        router.get("/health") { _, _ in
            json(.ok, ["status": "alive"])
        }
        router.get("/ready") { _, _ in
            let reasons = state.notReadyReasons()
            metrics.ready.record(reasons.isEmpty ? 1 : 0)
            var body = ReadyBody(
                ready: reasons.isEmpty,
                reasons: reasons,
                zookeeper: state.zooKeeperStatus(),
                warnings: ConfigWarningView.make(state.warnings, fixCommand: describe().fixCommand)
            )
            if let rejection = state.rejection {
                // Still ready: the last good configuration is running. Said here so a person
                // (or a probe that reads the body) sees that ZooKeeper holds a refused change.
                body.rejectedChange = .init(
                    at: ISO8601DateFormatter().string(from: rejection.at),
                    keys: rejection.keys,
                    problems: rejection.problems
                )
            }
            return json(reasons.isEmpty ? .ok : .serviceUnavailable, body)
        }
        router.get("/config") { _, _ in
            json(.ok, ConfigView.make(state: state, context: describe()))
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: metrics.render()))
            )
        }
        console?.register(on: router)
        return router
    }

    struct ReadyBody: Encodable {
        struct RejectedChange: Encodable {
            var at: String
            var keys: [String]
            var problems: [String]
        }

        var ready: Bool
        var reasons: [String]
        /// The connection and session (a disconnect within the session timeout keeps it ready);
        /// null when the configuration is a local file.
        var zookeeper: RunningState.ZooKeeperStatus?
        /// Warnings of the configuration in force: they never make it unready.
        var warnings: [ConfigWarningView]
        var rejectedChange: RejectedChange?
    }

    static func json(_ status: HTTPResponse.Status, _ body: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
