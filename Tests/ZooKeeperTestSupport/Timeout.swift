/// The operation did not finish in time.
public struct TimedOut: Error, CustomStringConvertible {
    /// What timed out.
    public let description: String
}

/// Runs `operation`, failing with `TimedOut` (and cancelling it) if it takes longer than `timeout`.
public func withTimeout<T: Sendable>(
    _ timeout: Duration,
    _ what: String = "operation",
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimedOut(description: "\(what) did not finish within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
