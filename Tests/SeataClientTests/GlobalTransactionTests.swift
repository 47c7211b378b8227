import SeataClient
import SeataProtocol
import Testing

/// The transaction scope and the TCC helper.
struct GlobalTransactionTests {
    struct Declined: Error {}

    static func ends(_ coordinator: TestCoordinator) -> [SeataMessage] {
        coordinator.messages.filter {
            switch $0 {
            case .globalBegin, .globalCommit, .globalRollback, .branchRegister: true
            default: false
            }
        }
    }

    @Test func aScopeThatReturnsCommitsAndItsBranchesRegisterAsTCC() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop]) { client in
            let (xid, branch) = try await client.withGlobalTransaction(name: "order", timeout: .seconds(5)) {
                transaction in
                let branch = try await transaction.tcc(resourceId: "stock", applicationData: #"{"n":2}"#) { branch in
                    branch
                }
                return (transaction.xid, branch)
            }
            #expect(branch.xid == xid)
            #expect(branch.resourceId == "stock")
            #expect(
                Self.ends(coordinator) == [
                    .globalBegin(GlobalBeginRequest(timeout: 5000, transactionName: "order")),
                    .branchRegister(
                        BranchRegisterRequest(
                            xid: xid,
                            branchType: .tcc,
                            resourceId: "stock",
                            lockKey: "",
                            applicationData: #"{"n":2}"#
                        )
                    ),
                    .globalCommit(GlobalEndRequest(xid: xid)),
                ]
            )
        }
    }

    @Test func aScopeThatThrowsRollsBackAndRethrows() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop]) { client in
            await #expect(throws: Declined.self) {
                try await client.withGlobalTransaction { transaction in
                    try await transaction.tcc(resourceId: "stock") { _ in throw Declined() }
                }
            }
        }
        let ends = Self.ends(coordinator)
        #expect(ends.count == 3)
        guard case .globalRollback(let rollback) = ends.last, case .globalBegin = ends.first else {
            Issue.record("expected begin … rollback, got \(ends)")
            return
        }
        #expect(rollback.xid.hasPrefix("127.0.0.1:\(coordinator.port):"))
    }

    @Test func aCommitAnsweredWithARollbackStatusIsNotCommitted() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .globalCommit = received.message else { return .standard }
            return .answer(.globalCommitResponse(GlobalEndResponse(result: .success, globalStatus: .timeoutRollbacked)))
        }
        try await Clients.with([coordinator]) { client in
            let error = try await #require(throws: SeataClientError.self) {
                try await client.withGlobalTransaction { _ in }
            }
            #expect(error.code == .notCommitted)
            #expect(error.globalStatus == .timeoutRollbacked)
        }
        #expect(!coordinator.messages.contains { if case .globalRollback = $0 { true } else { false } })
    }

    @Test(arguments: [GlobalStatus.committed, .committing, .commitRetrying, .asyncCommitting])
    func aCommitDecisionEndsTheScope(status: GlobalStatus) async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .globalCommit = received.message else { return .standard }
            return .answer(.globalCommitResponse(GlobalEndResponse(result: .success, globalStatus: status)))
        }
        try await Clients.with([coordinator]) { client in
            let value = try await client.withGlobalTransaction { _ in 42 }
            #expect(value == 42)
        }
    }
}
