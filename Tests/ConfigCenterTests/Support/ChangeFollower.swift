import ConfigCenter
import ZooKeeperTestSupport

/// Follows a LiveConfig's changes in a test: the next change within a timeout.
struct ChangeFollower {
    private var iterator: AsyncStream<LiveConfigChange>.Iterator

    init(_ live: LiveConfig) {
        iterator = live.changes().makeAsyncIterator()
    }

    /// The next change, or a failure when none comes within `timeout`.
    mutating func next(within timeout: Duration = .seconds(10), _ what: String = "a config change") async throws
        -> LiveConfigChange
    {
        let box = IteratorBox(iterator)
        let change = try await withTimeout(timeout, what) { await box.next() }
        iterator = box.iterator
        guard let change else { throw TestSetupError("the change stream ended while waiting for \(what)") }
        return change
    }

    /// Changes until one is accepted and satisfies `condition`.
    mutating func accepted(
        within timeout: Duration = .seconds(10),
        _ what: String = "an accepted change",
        where condition: (LoadedConfig) -> Bool = { _ in true }
    ) async throws -> (LoadedConfig, Set<String>) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw TestSetupError("\(what) did not come within \(timeout)") }
            if case .accepted(let config, let keys) = try await next(within: remaining, what), condition(config) {
                return (config, keys)
            }
        }
    }
}

/// Moves a non-Sendable iterator into a timed task and back.
private final class IteratorBox: @unchecked Sendable {
    // @unchecked: used by one task at a time (the timed operation, then its caller).
    var iterator: AsyncStream<LiveConfigChange>.Iterator
    init(_ iterator: AsyncStream<LiveConfigChange>.Iterator) { self.iterator = iterator }
    func next() async -> LiveConfigChange? { await iterator.next() }
}

/// Runs a LiveConfig for the duration of `body`, then stops it.
func running<T>(_ live: LiveConfig, _ body: () async throws -> T) async throws -> T {
    let task = Task { try await live.run() }
    do {
        let result = try await body()
        task.cancel()
        _ = await task.result
        return result
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}
