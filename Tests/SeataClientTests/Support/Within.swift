/// Runs `body`, failing with a `TestFailure` naming `what` after `timeout`; `body` must end when cancelled.
func within<Result: Sendable>(
    _ what: String,
    timeout: Duration = .seconds(10),
    _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestFailure("\(what) did not happen within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
