import Logging
import Synchronization
import Testing

@testable import DatabaseStore

/// The bookkeeping of ends nobody waits for, without a database: a session is pending from its
/// start to its answer, and `settle` waits for the ends under way when it is called, not for
/// later ones.
@Suite struct BackgroundEndsTests {
    /// Answers held until released, one per end started.
    final class Held: Sendable {
        let answers = Mutex<[@Sendable (Result<Bool, any Error>) -> Void]>([])

        func end(_ answer: @escaping @Sendable (Result<Bool, any Error>) -> Void) {
            answers.withLock { $0.append(answer) }
        }

        func release(_ index: Int, _ outcome: Result<Bool, any Error> = .success(true)) {
            let answer = answers.withLock { $0[index] }
            answer(outcome)
        }
    }

    struct Refused: Error {}

    final class Flag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }

    @Test func aSessionIsPendingUntilItsEndAnswersAndSettleWaitsOnlyForEarlierEnds() async throws {
        let ends = BackgroundEnds(logger: Logger(label: "test"))
        let held = Held()
        ends.start(xid: "a") { held.end($0) }
        #expect(ends.contains("a") && ends.count == 1)

        let settled = Flag()
        let settling = Task {
            await ends.settle(within: .seconds(30))
            settled.set()
        }
        try await Task.sleep(for: .milliseconds(50))
        ends.start(xid: "b") { held.end($0) }
        #expect(!settled.isSet, "settle returned while the end of a was under way")
        held.release(0)
        await settling.value
        #expect(!ends.contains("a") && ends.contains("b"), "settle waited for the end of b, started after it")

        held.release(1, .failure(Refused()))
        #expect(!ends.contains("b") && ends.count == 0, "a failed end leaves the session to the reads")
    }
}
