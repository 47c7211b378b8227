import Foundation
import ZooKeeperTestSupport

/// Seata's own PyPI client (`seata-python` 0.1), run through `Tests/Clients/python/run.sh`: the
/// scripts print one JSON object per line; the last one is the result.
enum SeataPythonClient {
    struct Outcome {
        var status: Int32
        var events: [[String: Any]]
        var stderr: String

        var result: [String: Any] { events.last { $0["event"] as? String == "result" } ?? [:] }
        var ok: Bool { status == 0 && result["ok"] as? Bool == true }

        func events(_ name: String) -> [[String: Any]] { events.filter { $0["event"] as? String == name } }
    }

    static var runner: String { TestEnvironment.packageRoot + "/Tests/Clients/python/run.sh" }

    static func run(
        _ script: String,
        coordinator: String,
        arguments: [String] = [],
        environment: [String: String] = [:]
    )
        async throws -> Outcome
    {
        let result = try await ProcessRunner.run(
            runner,
            [script, "--tc", coordinator] + arguments,
            environment: environment.mapValues { Optional($0) }
        )
        let events = result.stdout.split(separator: "\n")
            .compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }
        return Outcome(status: result.status, events: events, stderr: result.stderr)
    }
}
