import SeataProtocol
import Synchronization
import TransactionCore

/// A scripted stand-in for the transport in unit tests of the core: answers BranchCommit and
/// BranchRollback per resource from a script (the last answer repeats), and records every call.
final class FakeMessenger: BranchMessenger {
    enum Answer: Sendable, Hashable {
        case status(BranchStatus)
        case unreachable
    }

    struct Call: Sendable, Hashable, CustomStringConvertible {
        var phase: PhaseTwoCall
        var branchId: Int64
        var resourceId: String
        var description: String { "\(phase) \(resourceId)#\(branchId)" }
    }

    struct Unreachable: Error {}

    private struct State {
        var scripts: [String: [Answer]] = [:]
        var calls: [Call] = []
        var undoDeletes: [Int] = []
    }

    private let state = Mutex(State())

    /// Answers for `resourceId`, in order; the last one repeats.
    func script(_ resourceId: String, _ answers: Answer...) {
        state.withLock { $0.scripts[resourceId] = answers }
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var undoDeletes: [Int] { state.withLock { $0.undoDeletes } }

    func calls(_ phase: PhaseTwoCall) -> [Call] { calls.filter { $0.phase == phase } }

    func commit(_ branch: BranchSession) async throws -> BranchStatus {
        try answer(branch, .commit, default: .phaseTwoCommitted)
    }

    func rollback(_ branch: BranchSession) async throws -> BranchStatus {
        try answer(branch, .rollback, default: .phaseTwoRollbacked)
    }

    func deleteUndoLogs(saveDays: Int) async {
        state.withLock { $0.undoDeletes.append(saveDays) }
    }

    private func answer(_ branch: BranchSession, _ phase: PhaseTwoCall, default fallback: BranchStatus) throws
        -> BranchStatus
    {
        let answer = state.withLock { state -> Answer in
            state.calls.append(Call(phase: phase, branchId: branch.branchId, resourceId: branch.resourceId))
            guard var script = state.scripts[branch.resourceId], !script.isEmpty else { return .status(fallback) }
            let next = script.count > 1 ? script.removeFirst() : script[0]
            state.scripts[branch.resourceId] = script
            return next
        }
        switch answer {
        case .status(let status): return status
        case .unreachable: throw Unreachable()
        }
    }
}
