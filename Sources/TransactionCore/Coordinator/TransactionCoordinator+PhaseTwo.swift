import SeataProtocol

extension TransactionCoordinator {
    /// Carries out a phase-two drive step by step; returns the status it stopped in.
    ///
    /// Branch removals and the session's end are `deferred` writes: the decision before them is
    /// durable, so losing them in a crash only sends phase two again. A store failure stops the drive with
    /// `FailedWriteSession`; the session stays as the store has it and the recovery jobs finish
    /// it. `onAnswer` sees every RM's answer (an operator's re-drive reports them).
    func drive(
        _ driver: inout PhaseTwoDriver,
        session: GlobalSession,
        onAnswer: (BranchSession, PhaseTwoCall, BranchAnswer) -> Void = { _, _, _ in }
    ) async throws(TransactionError) -> GlobalStatus {
        let xid = session.xid
        var current = session
        while true {
            switch driver.next() {
            case .call(let branch, let phase):
                let answer = await call(branch, phase)
                onAnswer(branch, phase, answer)
                driver.record(answer)
            case .removeBranch(let branch, let releaseLocks):
                do {
                    try await store.deleteBranch(
                        xid: xid,
                        branchId: branch.branchId,
                        releaseLocks: releaseLocks,
                        durability: .deferred
                    )
                } catch {
                    throw TransactionError(
                        .failedWriteSession,
                        "Could not remove branch xid = \(xid) branchId = \(branch.branchId): \(error)"
                    )
                }
                current.branches.removeAll { $0.branchId == branch.branchId }
            case .changeStatus(let from, let to, let locks):
                let changed = try await change(
                    StatusChange(xid: xid, expected: from, status: to, locks: locks, durability: .answer)
                )
                guard changed else {
                    driver.lostRace(currentStatus: try await currentStatus(xid))
                    continue
                }
                current.status = to
                if to.isFailedFinal { ended(current, status: to) }
            case .endSession(let from, let final):
                // The end of a session in phase two need not be durable before the answer: its
                // decision already is, so a restart that finds it again drives it to the same end
                // (phase two is idempotent at the RMs). One fsync less per transaction in sync mode.
                guard try await delete(xid, expected: from, durability: phaseTwoEnd(from)) else {
                    driver.lostRace(currentStatus: try await currentStatus(xid))
                    continue
                }
                ended(current, status: final)
            case .stop(let status):
                return status
            }
        }
    }

    /// How durable the end of a session must be before its answer: deferred after a durable
    /// phase-two decision, at once for anything else (a session that ends from Begin).
    private func phaseTwoEnd(_ from: GlobalStatus) -> Durability {
        from == .begin ? .answer : .deferred
    }

    /// One BranchCommit or BranchRollback; a thrown error (not connected, timed out) is an
    /// unreachable RM.
    func call(_ branch: BranchSession, _ phase: PhaseTwoCall) async -> BranchAnswer {
        let start = ContinuousClock.now
        var answer: BranchStatus?
        do {
            switch phase {
            case .commit: answer = try await messenger.commit(branch)
            case .rollback: answer = try await messenger.rollback(branch)
            }
        } catch {
            logger.info(
                "Branch \(phase) could not be sent or was not answered; will retry",
                metadata: [
                    "xid": "\(branch.xid)", "branchId": "\(branch.branchId)", "resourceId": "\(branch.resourceId)",
                    "clientId": "\(branch.clientId)", "error": "\(error)",
                ]
            )
        }
        observer.branchCalled(branch, phase: phase, answer: answer, latency: ContinuousClock.now - start)
        return answer.map(BranchAnswer.status) ?? .unreachable
    }
}
