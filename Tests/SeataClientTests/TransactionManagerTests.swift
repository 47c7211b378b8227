import SeataClient
import SeataProtocol
import Testing

/// The TM operations: what goes on the wire, what comes back, and failed results as errors.
struct TransactionManagerTests {
    @Test func beginSendsTheNameAndTimeoutAndReturnsTheCoordinatorsXid() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .globalBegin = received.message else { return .standard }
            return .answer(.globalBeginResponse(GlobalBeginResponse(result: .success, xid: "10.0.0.9:8091:77")))
        }
        try await Clients.with([coordinator]) { client in
            let xid = try await client.begin(name: "place-order", timeout: .milliseconds(1500))
            #expect(xid == "10.0.0.9:8091:77")
        }
        let begins = coordinator.messages.compactMap { message -> GlobalBeginRequest? in
            if case .globalBegin(let begin) = message { begin } else { nil }
        }
        #expect(begins == [GlobalBeginRequest(timeout: 1500, transactionName: "place-order")])
    }

    @Test func commitRollbackStatusAndReportReturnTheStatusAnswered() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            switch received.message {
            case .globalCommit:
                .answer(.globalCommitResponse(GlobalEndResponse(result: .success, globalStatus: .commitRetrying)))
            case .globalRollback:
                .answer(.globalRollbackResponse(GlobalEndResponse(result: .success, globalStatus: .timeoutRollbacked)))
            case .globalStatus:
                .answer(.globalStatusResponse(GlobalEndResponse(result: .success, globalStatus: .finished)))
            default: .standard
            }
        }
        let xid = "127.0.0.1:\(coordinator.port):5"
        try await Clients.with([coordinator]) { client in
            let committed = try await client.commit(xid: xid)
            let rollbacked = try await client.rollback(xid: xid)
            let status = try await client.status(xid: xid)
            let reported = try await client.report(xid: xid, status: .committed)
            #expect(
                [committed, rollbacked, status, reported] == [
                    .commitRetrying, .timeoutRollbacked, .finished, .committed,
                ]
            )
        }
        let sent = coordinator.messages.filter { !$0.isRegisterTM && !$0.isRegisterRM && $0 != .heartbeat(.ping) }
        #expect(
            sent == [
                .globalCommit(GlobalEndRequest(xid: xid)),
                .globalRollback(GlobalEndRequest(xid: xid)),
                .globalStatus(GlobalEndRequest(xid: xid)),
                .globalReport(GlobalReportRequest(xid: xid, globalStatus: .committed)),
            ]
        )
    }

    @Test func answersInAnotherOrderReachTheirOwnCallers() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            if case .globalBegin = received.message { .silence } else { .standard }
        }
        let count = 50
        try await Clients.with([coordinator]) { client in
            try await withThrowingTaskGroup(of: (String, String).self) { group in
                for index in 0..<count {
                    group.addTask { ("tx-\(index)", try await client.begin(name: "tx-\(index)")) }
                }
                let begins = try await coordinator.waitFor("\(count) begins") { received in
                    received.filter { if case .globalBegin = $0.message { true } else { false } }.count == count
                }
                // Answer the last request first: each answer carries its request's id and the
                // xid names the transaction, so a mix-up shows.
                for request in begins.reversed() {
                    guard case .globalBegin(let begin) = request.message else { continue }
                    coordinator.respond(
                        to: request,
                        with: .globalBeginResponse(
                            GlobalBeginResponse(result: .success, xid: "127.0.0.1:1:\(begin.transactionName)")
                        )
                    )
                }
                var seen = 0
                for try await (name, xid) in group {
                    #expect(xid == "127.0.0.1:1:\(name)")
                    seen += 1
                }
                #expect(seen == count)
            }
        }
    }

    @Test func aFailedResultIsAnErrorWithTheExceptionCodeAndMessage() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .globalCommit = received.message else { return .standard }
            return .answer(
                .globalCommitResponse(
                    GlobalEndResponse(
                        result: .failure(.globalTransactionStatusInvalid, message: "xid 7 is Rollbacking"),
                        globalStatus: .rollbacking
                    )
                )
            )
        }
        try await Clients.with([coordinator]) { client in
            let error = try await #require(throws: SeataClientError.self) {
                try await client.commit(xid: "127.0.0.1:\(coordinator.port):7")
            }
            #expect(error.code == .requestFailed)
            #expect(error.exceptionCode == .globalTransactionStatusInvalid)
            #expect(error.message == "xid 7 is Rollbacking")
            #expect(error.request == .globalCommit)
            #expect(error.coordinator == coordinator.address.description)
            #expect(
                error.description
                    == "GlobalCommit to \(coordinator.address): request failed (GlobalTransactionStatusInvalid): "
                    + "xid 7 is Rollbacking"
            )
        }
    }

    @Test func anAnswerOfTheWrongTypeIsAnError() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            guard case .globalStatus = received.message else { return .standard }
            return .answer(.globalCommitResponse(GlobalEndResponse(result: .success, globalStatus: .committed)))
        }
        try await Clients.with([coordinator]) { client in
            let error = try await #require(throws: SeataClientError.self) {
                try await client.status(xid: "127.0.0.1:\(coordinator.port):7")
            }
            #expect(error.code == .unexpectedResponse)
        }
    }

    @Test func aTransactionTimeoutOutOfRangeIsRefusedBeforeSending() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator]) { client in
            for timeout: Duration in [.zero, .seconds(-1), .seconds(3_000_000)] {
                let error = try await #require(throws: SeataClientError.self) {
                    try await client.begin(timeout: timeout)
                }
                #expect(error.code == .invalidArgument)
            }
        }
        #expect(!coordinator.messages.contains { if case .globalBegin = $0 { true } else { false } })
    }
}
