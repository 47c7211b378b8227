import NIOCore
import SeataProtocol

/// Random but valid messages and frames, for round trips and as fuzzing seeds.
struct RandomMessages {
    var generator: SeededGenerator

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    mutating func int<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        T.random(in: T.min...T.max, using: &generator)
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &generator) < percent
    }

    mutating func pick<E: CaseIterable>(_: E.Type = E.self) -> E {
        let all = Array(E.allCases)
        return all[Int.random(in: 0..<all.count, using: &generator)]
    }

    /// Mostly short ASCII, sometimes empty, sometimes multi-byte characters.
    mutating func string(maximum: Int = 24) -> String {
        if chance(20) { return "" }
        let alphabet: [Character] = Array("abcXYZ019:;,._-{}\"=\n ") + ["é", "中", "🙂", "ß"]
        let count = Int.random(in: 1...maximum, using: &generator)
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    mutating func result() -> TransactionResult {
        if chance(70) { return .success }
        return .failure(pick(), message: string())
    }

    mutating func xid() -> String {
        chance(10) ? "" : "127.0.0.1:8091:\(int(UInt32.self))"
    }

    /// Any message except merges and heartbeats.
    mutating func simpleMessage() -> SeataMessage {
        switch Int.random(in: 0..<27, using: &generator) {
        case 0: .globalBegin(GlobalBeginRequest(timeout: int(), transactionName: string()))
        case 1: .globalBeginResponse(GlobalBeginResponse(result: result(), xid: xid(), extraData: string()))
        case 2: .branchCommit(branchEndRequest())
        case 3: .branchCommitResponse(branchEndResponse())
        case 4: .branchRollback(branchEndRequest())
        case 5: .branchRollbackResponse(branchEndResponse())
        case 6: .globalCommit(GlobalEndRequest(xid: xid(), extraData: string()))
        case 7: .globalCommitResponse(GlobalEndResponse(result: result(), globalStatus: pick()))
        case 8: .globalRollback(GlobalEndRequest(xid: xid(), extraData: string()))
        case 9: .globalRollbackResponse(GlobalEndResponse(result: result(), globalStatus: pick()))
        case 10:
            .branchRegister(
                BranchRegisterRequest(
                    xid: xid(),
                    branchType: pick(),
                    resourceId: string(),
                    lockKey: string(maximum: 200),
                    applicationData: string()
                )
            )
        case 11: .branchRegisterResponse(BranchRegisterResponse(result: result(), branchId: int()))
        case 12:
            .branchReport(
                BranchReportRequest(
                    xid: xid(),
                    branchId: int(),
                    status: pick(),
                    resourceId: string(),
                    applicationData: string(),
                    branchType: pick()
                )
            )
        case 13: .branchReportResponse(BranchReportResponse(result: result()))
        case 14: .globalStatus(GlobalEndRequest(xid: xid(), extraData: string()))
        case 15: .globalStatusResponse(GlobalEndResponse(result: result(), globalStatus: pick()))
        case 16:
            .globalReport(
                GlobalReportRequest(xid: xid(), extraData: string(), globalStatus: chance(20) ? nil : pick())
            )
        case 17: .globalReportResponse(GlobalEndResponse(result: result(), globalStatus: pick()))
        case 18:
            .globalLockQuery(
                GlobalLockQueryRequest(
                    xid: xid(),
                    branchType: pick(),
                    resourceId: string(),
                    lockKey: string(),
                    applicationData: string()
                )
            )
        case 19: .globalLockQueryResponse(GlobalLockQueryResponse(result: result(), lockable: chance(50)))
        case 20:
            .registerTM(
                RegisterTMRequest(
                    version: string(),
                    applicationId: string(),
                    transactionServiceGroup: string(),
                    extraData: string()
                )
            )
        case 21: .registerTMResponse(RegistrationResponse(identified: chance(50), version: string()))
        case 22:
            .registerRM(
                RegisterRMRequest(
                    version: string(),
                    applicationId: string(),
                    transactionServiceGroup: string(),
                    extraData: string(),
                    resourceIds: string()
                )
            )
        case 23: .registerRMResponse(RegistrationResponse(identified: chance(50), version: string()))
        case 24: .undoLogDelete(UndoLogDeleteRequest(branchType: pick(), resourceId: string(), saveDays: int()))
        case 25: .globalBegin(GlobalBeginRequest(timeout: 60_000, transactionName: ""))
        default: .branchReportResponse(BranchReportResponse(result: .success))
        }
    }

    /// Any message, merges included (holding simple messages).
    mutating func message() -> SeataMessage {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0:
            let messages = (0..<Int.random(in: 0...4, using: &generator)).map { _ in simpleMessage() }
            let ids = !messages.isEmpty && chance(70) ? messages.map { _ in int(UInt32.self) } : nil
            return .mergedWarp(MergedWarpMessage(messages: messages, messageIDs: ids))
        case 1:
            let results = (0..<Int.random(in: 0...4, using: &generator)).map { _ in simpleMessage() }
            if chance(50) { return .mergeResult(MergeResultMessage(results: results)) }
            return .batchResult(BatchResultMessage(results: results, messageIDs: results.map { _ in int() }))
        case 2:
            return .heartbeat(chance(50) ? .ping : .pong)
        default:
            return simpleMessage()
        }
    }

    /// A valid frame carrying a random message, sometimes with a head map.
    mutating func frame() -> (SeataFrame, SeataMessage) {
        let message = message()
        let requestID = int(UInt32.self)
        if case .heartbeat(let beat) = message {
            let type: SeataFrame.MessageType = beat == .ping ? .heartbeatRequest : .heartbeatResponse
            return (SeataFrame(messageType: type, requestID: requestID, message: message), message)
        }
        var headMap = SeataHeadMap()
        if chance(15) {
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                headMap.entries.append(.init(key: string(), value: chance(30) ? nil : string()))
            }
        }
        let type: SeataFrame.MessageType = [.request, .response, .oneWay][Int.random(in: 0..<3, using: &generator)]
        return (SeataFrame(messageType: type, requestID: requestID, message: message, headMap: headMap), message)
    }

    private mutating func branchEndRequest() -> BranchEndRequest {
        BranchEndRequest(
            xid: xid(),
            branchId: int(),
            branchType: pick(),
            resourceId: string(),
            applicationData: string(maximum: 80)
        )
    }

    private mutating func branchEndResponse() -> BranchEndResponse {
        BranchEndResponse(result: result(), xid: xid(), branchId: int(), branchStatus: pick())
    }
}
