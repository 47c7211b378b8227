import SeataClient
import SeataProtocol
import Synchronization
import Testing

/// The coordinator's calls to the RM: BranchCommit and BranchRollback through the resource's
/// handler, answered on the same connection with the request's id; UndoLogDelete delivered.
struct PhaseTwoTests {
    /// Records each handler call.
    final class Calls: Sendable {
        let calls = Mutex<[String]>([])

        func record(_ call: String) {
            calls.withLock { $0.append(call) }
        }

        var all: [String] { calls.withLock { $0 } }
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String { "stock service down" }
    }

    static func branch(_ resourceId: String, id: Int64 = 11) -> BranchEndRequest {
        BranchEndRequest(
            xid: "127.0.0.1:8091:10",
            branchId: id,
            branchType: .tcc,
            resourceId: resourceId,
            applicationData: #"{"sku":"book-42"}"#
        )
    }

    @Test func branchCommitAndRollbackReachTheResourcesHandlerAndAreAnswered() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let calls = Calls()
        let stock = ResourceHandler.tcc(
            resourceId: "stock",
            confirm: { branch in calls.record("confirm \(branch.xid) \(branch.branchId) \(branch.applicationData)") },
            cancel: { branch in calls.record("cancel \(branch.xid) \(branch.branchId)") }
        )
        try await Clients.with([coordinator], resources: [stock]) { _ in
            let rm = try await coordinator.resourceManager()
            let committed = try await coordinator.call(.branchCommit(Self.branch("stock")), on: rm)
            #expect(
                committed
                    == .branchCommitResponse(
                        BranchEndResponse(
                            result: .success,
                            xid: "127.0.0.1:8091:10",
                            branchId: 11,
                            branchStatus: .phaseTwoCommitted
                        )
                    )
            )
            let rolledBack = try await coordinator.call(.branchRollback(Self.branch("stock", id: 12)), on: rm)
            #expect(
                rolledBack
                    == .branchRollbackResponse(
                        BranchEndResponse(
                            result: .success,
                            xid: "127.0.0.1:8091:10",
                            branchId: 12,
                            branchStatus: .phaseTwoRollbacked
                        )
                    )
            )
        }
        #expect(calls.all == [#"confirm 127.0.0.1:8091:10 11 {"sku":"book-42"}"#, "cancel 127.0.0.1:8091:10 12"])
    }

    @Test func theAnswerCarriesTheRequestsIdOnTheSameConnection() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop]) { _ in
            let rm = try await coordinator.resourceManager()
            _ = try await coordinator.call(.branchCommit(Self.branch("stock")), on: rm)
        }
        let request = try #require(coordinator.received.last { $0.frame.messageType == .response })
        #expect(request.peer.id == (try await coordinator.resourceManager()).id)
        #expect(request.frame.requestID > 1_000_000)
    }

    @Test func aHandlerStatusIsAnsweredAsReturned() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let stubborn = ResourceHandler(
            resourceId: "ledger",
            branchType: .tcc,
            commit: { _ in .phaseTwoCommitFailedUnretryable },
            rollback: { _ in .phaseTwoRollbackFailedUnretryable }
        )
        try await Clients.with([coordinator], resources: [stubborn]) { _ in
            let rm = try await coordinator.resourceManager()
            let committed = try await coordinator.call(.branchCommit(Self.branch("ledger")), on: rm)
            let rolledBack = try await coordinator.call(.branchRollback(Self.branch("ledger")), on: rm)
            guard case .branchCommitResponse(let commit) = committed,
                case .branchRollbackResponse(let rollback) = rolledBack
            else {
                Issue.record("unexpected answers \(committed), \(rolledBack)")
                return
            }
            #expect(commit.branchStatus == .phaseTwoCommitFailedUnretryable)
            #expect(rollback.branchStatus == .phaseTwoRollbackFailedUnretryable)
        }
    }

    @Test func aThrowingHandlerAnswersTheRetryableFailureWithItsError() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let failing = ResourceHandler.tcc(
            resourceId: "stock",
            confirm: { _ in throw Refusal() },
            cancel: { _ in throw Refusal() }
        )
        try await Clients.with([coordinator], resources: [failing]) { _ in
            let rm = try await coordinator.resourceManager()
            let committed = try await coordinator.call(.branchCommit(Self.branch("stock")), on: rm)
            let rolledBack = try await coordinator.call(.branchRollback(Self.branch("stock")), on: rm)
            guard case .branchCommitResponse(let commit) = committed,
                case .branchRollbackResponse(let rollback) = rolledBack
            else {
                Issue.record("unexpected answers \(committed), \(rolledBack)")
                return
            }
            #expect(commit.branchStatus == .phaseTwoCommitFailedRetryable)
            #expect(commit.result.code == .failed)
            #expect(commit.result.message == "stock service down")
            #expect(rollback.branchStatus == .phaseTwoRollbackFailedRetryable)
            #expect(rollback.result.exceptionCode == .branchRollbackFailedRetriable)
        }
    }

    @Test func aBranchOfAnUnknownResourceIsAnsweredRetryable() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop]) { _ in
            let rm = try await coordinator.resourceManager()
            let answer = try await coordinator.call(.branchCommit(Self.branch("nobody")), on: rm)
            guard case .branchCommitResponse(let commit) = answer else {
                Issue.record("unexpected answer \(answer)")
                return
            }
            #expect(commit.branchStatus == .phaseTwoCommitFailedRetryable)
            #expect(commit.result.message.contains("no handler for resource 'nobody'"))
        }
    }

    @Test func slowBranchesDoNotHoldUpOthers() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let gate = AsyncStream<Void>.makeStream()
        let slow = ResourceHandler.tcc(
            resourceId: "slow",
            confirm: { _ in for await _ in gate.stream { break } },
            cancel: { _ in }
        )
        try await Clients.with([coordinator], resources: [slow, ResourceManagerTests.noop]) { _ in
            let rm = try await coordinator.resourceManager()
            async let slowAnswer = coordinator.call(.branchCommit(Self.branch("slow")), on: rm)
            let fast = try await coordinator.call(.branchCommit(Self.branch("stock")), on: rm)
            #expect(fast.transactionResult?.isSuccess == true)
            gate.continuation.yield()
            let answer = try await slowAnswer
            #expect(answer.transactionResult?.isSuccess == true)
        }
    }

    @Test func undoLogDeleteReachesItsHandler() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        let (deletes, continuation) = AsyncStream<UndoLogDeleteRequest>.makeStream()
        let undoLogDelete: UndoLogDeleteHandler = { request in continuation.yield(request) }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop], undoLogDelete: undoLogDelete) {
            _ in
            let rm = try await coordinator.resourceManager()
            coordinator.sendOneWay(.undoLogDelete(UndoLogDeleteRequest(resourceId: "jdbc:db", saveDays: 7)), on: rm)
            let delivered = try await within("UndoLogDelete delivery") {
                var iterator = deletes.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(delivered == UndoLogDeleteRequest(branchType: .at, resourceId: "jdbc:db", saveDays: 7))
        }
        // One-way: nothing is answered.
        #expect(!coordinator.received.contains { $0.frame.messageType == .response })
    }
}
