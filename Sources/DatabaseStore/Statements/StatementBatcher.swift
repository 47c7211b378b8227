import Synchronization

/// Store calls of one kind that arrive while another of that kind is at the database go out
/// together, as one statement (or one transaction) for all of them: group commit in the store.
///
/// Why: on a loaded coordinator each round trip costs CPU on both sides and each commit a WAL
/// flush, and most of a transaction's time went to them (16 TMs: eight commits per
/// transaction, the coordinator and PostgreSQL busy shuffling one-row statements). A call that
/// finds nothing at the database goes out at once, alone: there is no timer, so a quiet store
/// adds no latency, and batches grow only as load does.
///
/// Each call's outcome is its own: `execute` answers one output per input, in order. A batch
/// that fails (connection lost, statement refused) fails every call in it with that error, as
/// each would have failed alone; the calls are idempotent to retry (the core's recovery jobs
/// redo what a failed call left).
final class StatementBatcher<Input: Sendable, Output: Sendable>: Sendable {
    /// Runs one batch: the outputs, one per input, in the inputs' order.
    typealias Execute = @Sendable ([Input]) async throws -> [Output]

    /// Receives a call's outcome.
    typealias Answer = @Sendable (Result<Output, any Error>) -> Void

    private struct Waiting {
        var input: Input
        var answer: Answer
    }

    private struct Queue {
        var waiting: [Waiting] = []
        var batchesRunning = 0
    }

    /// A batch whose `execute` answered a different number of outputs than it had inputs.
    struct MismatchedOutputs: Error, CustomStringConvertible {
        var kind: String
        var inputs: Int
        var outputs: Int

        var description: String {
            "the store's \(kind) batch answered \(outputs) results for \(inputs) calls"
        }
    }

    private let kind: String
    private let limit: Int
    private let concurrency: Int
    private let linger: Duration
    private let execute: Execute
    private let queue = Mutex(Queue())

    /// - Parameters:
    ///   - kind: What the calls do, for errors (`insert global`).
    ///   - limit: The most calls in one batch (statement size stays bounded).
    ///   - concurrency: How many batches of this kind may be at the database at once.
    ///   - linger: How long a batch gathers calls before it goes out: zero for calls somebody
    ///     waits for; for calls nobody waits for, a longer wait makes fewer, larger statements.
    ///   - execute: Runs one batch.
    init(
        _ kind: String,
        limit: Int = 128,
        concurrency: Int = 1,
        linger: Duration = .zero,
        execute: @escaping Execute
    ) {
        self.kind = kind
        self.limit = max(1, limit)
        self.concurrency = max(1, concurrency)
        self.linger = linger
        self.execute = execute
    }

    /// How many calls wait for a batch (not counting those at the database).
    var waitingCount: Int { queue.withLock { $0.waiting.count } }

    /// Queues `input` and waits for its batch's answer.
    func submit(_ input: Input) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            submit(input) { continuation.resume(with: $0) }
        }
    }

    /// Queues `input`; `answer` gets its batch's outcome (for a caller that does not wait).
    func submit(_ input: Input, then answer: @escaping Answer) {
        let startsBatch = queue.withLock { queue in
            queue.waiting.append(Waiting(input: input, answer: answer))
            guard queue.batchesRunning < concurrency else { return false }
            queue.batchesRunning += 1
            return true
        }
        if startsBatch { Task { await self.runBatches() } }
    }

    /// Sends what is queued, batch after batch, until nothing is.
    private func runBatches() async {
        while true {
            if linger > .zero { try? await Task.sleep(for: linger) }
            let batch: [Waiting] = queue.withLock { queue in
                guard !queue.waiting.isEmpty else {
                    queue.batchesRunning -= 1
                    return []
                }
                let count = min(limit, queue.waiting.count)
                let taken = Array(queue.waiting.prefix(count))
                queue.waiting.removeFirst(count)
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let outputs = try await execute(batch.map(\.input))
                guard outputs.count == batch.count else {
                    throw MismatchedOutputs(kind: kind, inputs: batch.count, outputs: outputs.count)
                }
                for (waiting, output) in zip(batch, outputs) { waiting.answer(.success(output)) }
            } catch {
                for waiting in batch { waiting.answer(.failure(error)) }
            }
        }
    }
}

extension Array {
    /// The elements in rounds in which no two share a key, each round in the original order:
    /// a batched UPDATE or DELETE meets each row once, so two calls on one xid go in turn.
    func inRounds<Key: Hashable>(by key: (Element) -> Key) -> [[(offset: Int, element: Element)]] {
        var rounds: [[(offset: Int, element: Element)]] = []
        var keysOfRound: [Set<Key>] = []
        for (offset, element) in enumerated() {
            let k = key(element)
            if let round = keysOfRound.firstIndex(where: { !$0.contains(k) }) {
                rounds[round].append((offset, element))
                keysOfRound[round].insert(k)
            } else {
                rounds.append([(offset, element)])
                keysOfRound.append([k])
            }
        }
        return rounds
    }

    /// Runs `round` on each round (see `inRounds`) in turn; an element's answer is whether its
    /// key is among those its round returned (the xids a compare-and-set changed or deleted).
    func answeredInRounds<Key: Hashable>(
        by key: (Element) -> Key,
        _ round: ([Element]) async throws -> Set<Key>
    ) async throws -> [Bool] {
        var answers = [Bool](repeating: false, count: count)
        for members in inRounds(by: key) {
            let done = try await round(members.map(\.element))
            for (offset, element) in members where done.contains(key(element)) { answers[offset] = true }
        }
        return answers
    }
}
