import Synchronization
import Testing

@testable import DatabaseStore

/// What the store's batching promises its callers, without a database: calls that arrive while
/// a batch is out go together in the next one, each caller gets its own answer, and a failed
/// batch fails only its own calls.
@Suite struct StatementBatcherTests {
    /// The batches an `execute` saw, and a gate that holds the first one until released.
    final class Recorder: Sendable {
        let batches = Mutex<[[Int]]>([])
        let (opened, gate) = AsyncStream.makeStream(of: Void.self)

        func record(_ inputs: [Int]) async {
            let first = batches.withLock { batches in
                batches.append(inputs)
                return batches.count == 1
            }
            if first { for await _ in opened { break } }
        }
    }

    /// Calls nobody waits for (`submit(_:then:)`) on a batcher with a linger gather before
    /// their batch goes out, and each still gets its own answer.
    @Test func callsSubmittedWithinTheLingerGoInOneBatch() async throws {
        let recorder = Recorder()
        recorder.gate.yield()
        let batcher = StatementBatcher<Int, Int>("square", linger: .milliseconds(300)) { inputs in
            await recorder.record(inputs)
            return inputs.map { $0 * $0 }
        }
        let answers = await withCheckedContinuation { (done: CheckedContinuation<[Int: Int], Never>) in
            let answers = Mutex<[Int: Int]>([:])
            for value in 1...5 {
                batcher.submit(value) { outcome in
                    let all = answers.withLock { answers in
                        answers[value] = try? outcome.get()
                        return answers.count == 5 ? answers : nil
                    }
                    if let all { done.resume(returning: all) }
                }
            }
        }
        #expect(answers == [1: 1, 2: 4, 3: 9, 4: 16, 5: 25])
        #expect(recorder.batches.withLock { $0 } == [[1, 2, 3, 4, 5]])
    }

    @Test func callsArrivingDuringABatchGoTogetherInTheNextAndEachGetsItsOwnAnswer() async throws {
        let recorder = Recorder()
        let batcher = StatementBatcher<Int, Int>("square", concurrency: 1) { inputs in
            await recorder.record(inputs)
            return inputs.map { $0 * $0 }
        }
        try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            group.addTask { (0, try await batcher.submit(0)) }
            // The first call is at the "database" (held by the gate) before the others come.
            while recorder.batches.withLock({ $0.isEmpty }) { await Task.yield() }
            for value in 1...5 { group.addTask { (value, try await batcher.submit(value)) } }
            while batcher.waitingCount < 5 { try await Task.sleep(for: .milliseconds(1)) }
            recorder.gate.yield()
            recorder.gate.finish()
            var answers: [Int: Int] = [:]
            for try await (input, output) in group { answers[input] = output }
            #expect(answers == [0: 0, 1: 1, 2: 4, 3: 9, 4: 16, 5: 25])
        }
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.first == [0])
        #expect(batches.count == 2, "the five calls that waited went out as one batch: \(batches)")
        #expect(batches.dropFirst().first.map { Set($0) } == Set(1...5))
    }

    @Test func aFailedBatchFailsItsCallsAndTheNextBatchStillRuns() async throws {
        struct Refused: Error {}
        let calls = Atomic<Int>(0)
        let batcher = StatementBatcher<Int, Int>("flaky") { inputs in
            if calls.add(1, ordering: .relaxed).newValue == 1 { throw Refused() }
            return inputs
        }
        await #expect(throws: Refused.self) { try await batcher.submit(1) }
        #expect(try await batcher.submit(2) == 2)
    }

    @Test func aBatchAnsweringTheWrongNumberOfResultsFailsItsCalls() async throws {
        let batcher = StatementBatcher<Int, Int>("short") { _ in [] }
        await #expect(throws: StatementBatcher<Int, Int>.MismatchedOutputs.self) { try await batcher.submit(1) }
    }

    @Test func roundsNeverHoldOneKeyTwiceAndKeepEachKeysOrder() {
        let calls = ["a", "b", "a", "c", "a", "b"]
        let rounds = calls.inRounds { $0 }
        #expect(rounds.map { $0.map(\.element) } == [["a", "b", "c"], ["a", "b"], ["a"]])
        #expect(rounds.map { $0.map(\.offset) } == [[0, 1, 3], [2, 5], [4]])
    }
}
