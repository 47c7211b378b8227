import CoordinatorTestSupport
import Foundation
import SeataProtocol
import Testing
import ZooKeeperTestSupport

/// Merged requests, as Seata's Java RM sends them: a one-way MergedWarp, answered at once with a
/// MergeResult on the merged frame's id, or a BatchResult by message id when
/// `transport.enableTcServerBatchSendResponse` is on and the client is 1.5.0 or later.
@Suite(.serialized) struct MergedRequestTests {
    private func registeredRM(_ coordinator: RunningCoordinator, version: String) async throws -> RawSeataConnection {
        let connection = try await RawSeataConnection.connect(port: coordinator.harness.port)
        let answer = try await connection.request(
            .registerRM(
                RegisterRMRequest(
                    version: version,
                    applicationId: "merge-test",
                    transactionServiceGroup: "g",
                    resourceIds: "jdbc:mysql://127.0.0.1:3306/seata"
                )
            ),
            id: 1
        )
        guard case .registerRMResponse(let response) = answer, response.identified else {
            throw TestSetupError("RegisterRM was not identified: \(answer)")
        }
        return connection
    }

    /// A begin and a status query of an unknown xid, merged one-way with message ids 20 and 21.
    private static let merged = SeataFrame.oneWay(
        .mergedWarp(
            MergedWarpMessage(
                messages: [
                    .globalBegin(GlobalBeginRequest(timeout: 60000, transactionName: "merged")),
                    .globalStatus(GlobalEndRequest(xid: "127.0.0.1:8091:42")),
                ],
                messageIDs: [20, 21]
            )
        ),
        requestID: 22
    )

    private func answer(on connection: RawSeataConnection) async throws -> (SeataFrame, SeataMessage) {
        try await connection.send(Self.merged)
        guard case .frame(let frame) = try await connection.next() else {
            throw TestSetupError("the merged request was not answered")
        }
        return (frame, try frame.message())
    }

    @Test func aOneWayMergedRequestIsAnsweredWithAMergeResultInOrder() async throws {
        let coordinator = try await RunningCoordinator.start("merge-result")
        defer { Task { await coordinator.stop() } }
        let connection = try await registeredRM(coordinator, version: "2.3.0")
        let (frame, message) = try await answer(on: connection)
        #expect(frame.requestID == 22)
        #expect(frame.messageType == .response)
        guard case .mergeResult(let result) = message, result.results.count == 2 else {
            Issue.record("expected a MergeResult of two, got \(message)")
            return
        }
        guard case .globalBeginResponse(let begin) = result.results[0] else {
            Issue.record("first result is not the begin's: \(result.results[0])")
            return
        }
        #expect(begin.result.isSuccess)
        #expect(begin.xid.hasPrefix(coordinator.address + ":"))
        #expect(
            result.results[1] == .globalStatusResponse(GlobalEndResponse(result: .success, globalStatus: .finished))
        )
        await connection.close()
    }

    @Test func batchResponsesGoToClientsOf150AndLater() async throws {
        let coordinator = try await RunningCoordinator.start(
            "merge-batch",
            extra: ["transport.enableTcServerBatchSendResponse": "true"]
        )
        defer { Task { await coordinator.stop() } }
        let modern = try await registeredRM(coordinator, version: "2.3.0")
        let (frame, message) = try await answer(on: modern)
        #expect(frame.requestID == 22)
        guard case .batchResult(let batch) = message else {
            Issue.record("expected a BatchResult, got \(message)")
            return
        }
        #expect(batch.messageIDs == [20, 21])
        #expect(batch.results.count == 2)
        await modern.close()

        // A client before 1.5.0 does not know BatchResult: it gets a MergeResult.
        let old = try await registeredRM(coordinator, version: "1.4.2")
        let (_, oldMessage) = try await answer(on: old)
        guard case .mergeResult = oldMessage else {
            Issue.record("a 1.4.2 client must get a MergeResult, got \(oldMessage)")
            return
        }
        await old.close()
    }

    @Test func aClientOlderThan15NeverSeesStatusesItCannotDecode() async throws {
        var extra = SwiftClientTests.quickJobs
        extra["server.maxCommitRetryTimeout"] = "300"
        let coordinator = try await RunningCoordinator.start("merge-old-client", extra: extra)
        defer { Task { await coordinator.stop() } }
        let old = try await RawSeataConnection.connect(port: coordinator.harness.port)
        _ = try await old.request(
            .registerRM(
                RegisterRMRequest(
                    version: "1.0",
                    applicationId: "old",
                    transactionServiceGroup: "g",
                    resourceIds: "gone"
                )
            ),
            id: 1
        )
        // A TCC branch whose RM never answers: the commit retries until the limit, and the
        // session ends as CommitRetryTimeout (16), which a 1.0 client reads as CommitFailed (10).
        guard
            case .globalBeginResponse(let begin) = try await old.request(
                .globalBegin(GlobalBeginRequest(timeout: 60000, transactionName: "old")),
                id: 2
            )
        else { throw TestSetupError("no begin answer") }
        _ = try await old.request(
            .branchRegister(
                BranchRegisterRequest(
                    xid: begin.xid,
                    branchType: .tcc,
                    resourceId: "nobody-serves-this",
                    lockKey: "",
                    applicationData: ""
                )
            ),
            id: 3
        )
        _ = try await old.request(.globalCommit(GlobalEndRequest(xid: begin.xid)), id: 4)
        var status: GlobalStatus?
        for id: UInt32 in 5..<200 {
            guard
                case .globalStatusResponse(let response) = try await old.request(
                    .globalStatus(GlobalEndRequest(xid: begin.xid)),
                    id: id
                )
            else { break }
            status = response.globalStatus
            if status == .commitFailed { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status == .commitFailed, "CommitRetryTimeout shown to a 1.0 client as CommitFailed")
        await old.close()
    }
}
