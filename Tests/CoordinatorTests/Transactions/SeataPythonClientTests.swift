import CoordinatorTestSupport
import Foundation
import Testing
import ZooKeeperTestSupport

/// Seata's own Python client (PyPI `seata-python` 0.1, unchanged) drives the coordinator: a TM
/// commits and rolls back, and an AT resource manager over a real MariaDB has its update undone
/// by the coordinator's BranchRollback through the undo log.
@Suite(.serialized) struct SeataPythonClientTests {
    @Test func aTransactionManagerBeginsAndCommits() async throws {
        let coordinator = try await RunningCoordinator.start("py-commit")
        let outcome = try await SeataPythonClient.run("tm_commit.py", coordinator: coordinator.address)
        await coordinator.stop()
        #expect(outcome.ok, "seata-python failed (\(outcome.status)): \(outcome.events) \(outcome.stderr)")
        #expect(outcome.result["status_commit"] as? String == "Committed")
        let xid = outcome.result["xid"] as? String ?? ""
        #expect(xid.hasPrefix(coordinator.address + ":"), "xid \(xid) must name the coordinator")
        #expect(outcome.result["status_after"] as? String == "Finished")
    }

    @Test func aTransactionManagerBeginsAndRollsBack() async throws {
        let coordinator = try await RunningCoordinator.start("py-rollback")
        let outcome = try await SeataPythonClient.run("tm_rollback.py", coordinator: coordinator.address)
        await coordinator.stop()
        #expect(outcome.ok, "seata-python failed (\(outcome.status)): \(outcome.events) \(outcome.stderr)")
        #expect(outcome.result["status_rollback"] as? String == "Rollbacked")
    }

    @Test func anATUpdateIsUndoneThroughTheUndoLogOnGlobalRollback() async throws {
        let database = try await TestMariaDB.start()
        let coordinator = try await RunningCoordinator.start("py-at")
        let outcome = try await SeataPythonClient.run(
            "at_rollback.py",
            coordinator: coordinator.address,
            environment: database.environment
        )
        let log = coordinator.process.stderrSoFar
        await coordinator.stop()
        await database.destroy()
        #expect(outcome.ok, "seata-python failed (\(outcome.status)): \(outcome.events) \(outcome.stderr)")
        let result = outcome.result
        let before = result["row_before"] as? [String: Any]
        let afterPhaseOne = result["row_after_phase_one"] as? [String: Any]
        let afterRollback = result["row_after_rollback"] as? [String: Any]
        #expect(afterPhaseOne?["balance"] as? Int != before?["balance"] as? Int, "phase one changed the row")
        #expect(afterRollback?["balance"] as? Int == before?["balance"] as? Int, "the row is restored")
        #expect(afterRollback?["name"] as? String == before?["name"] as? String)
        #expect(result["undo_log_after_phase_one"] as? Int == 1)
        #expect(result["undo_log_after_rollback"] as? Int == 0, "the undo log row is gone")
        let pushes = result["branch_rollbacks"] as? [[String: Any]] ?? []
        #expect(pushes.count == 1)
        #expect(pushes.first?["branch_status"] as? String == "PhaseTwo_Rollbacked")
        #expect((result["lock_key"] as? String)?.hasPrefix("seata_py_account:") == true)
        #expect(log.contains("RM registered"))
    }
}
