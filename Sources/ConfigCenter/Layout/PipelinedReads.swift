import ZooKeeper

/// Runs one ZooKeeper read per item with many requests in flight on one session.
///
/// A fixed set of worker tasks strides over the items instead of one task per item: for
/// 10,000 keys that saves 10,000 task creations, and the client's own in-flight bound
/// (`maxRequestsInFlight`) is what limits the pipeline, as it does for raw C pipelined gets.
enum PipelinedReads {
    /// The result of `read` for every item, in the items' order.
    ///
    /// Every item is attempted; when some fail, the others' results are still returned (a
    /// watch armed by a successful read must not be forgotten) together with the first error.
    static func perform<Item: Sendable, Output: Sendable>(
        _ items: [Item],
        on client: ZooKeeperClient,
        _ read: @escaping @Sendable (Item) async throws -> Output
    ) async -> (outputs: [Output?], firstError: (any Error)?) {
        guard !items.isEmpty else { return ([], nil) }
        let workers = min(items.count, max(1, client.configuration.maxRequestsInFlight))
        return await withTaskGroup(of: ([(Int, Output)], (any Error)?).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var done: [(Int, Output)] = []
                    done.reserveCapacity(items.count / workers + 1)
                    var failure: (any Error)?
                    for index in stride(from: worker, to: items.count, by: workers) {
                        do {
                            done.append((index, try await read(items[index])))
                        } catch {
                            if failure == nil { failure = error }
                        }
                    }
                    return (done, failure)
                }
            }
            var outputs = [Output?](repeating: nil, count: items.count)
            var firstError: (any Error)?
            for await (done, failure) in group {
                for (index, output) in done { outputs[index] = output }
                if firstError == nil { firstError = failure }
            }
            return (outputs, firstError)
        }
    }
}
