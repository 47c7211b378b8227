/// Polls `condition` until it holds (errors count as not yet) or `timeout` passes.
public func eventually(timeout: Duration = .seconds(15), _ condition: @Sendable () async throws -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return (try? await condition()) == true
}
