import SeataClient
import SeataProtocol
import Testing

/// Requests of a merging role travel together in one-way MergedWarp frames, as the Java RM sends
/// them, and each caller gets its own answer out of the MergeResult or BatchResult.
struct MergeTests {
    static var merging: SeataClientConfiguration {
        var configuration = Clients.configuration()
        configuration.mergedRequests = .resourceManager
        return configuration
    }

    /// A branch id that names the request it answers: its application data is the index.
    static func answer(_ message: SeataMessage) -> SeataMessage? {
        guard case .branchRegister(let register) = message, let index = Int64(register.applicationData) else {
            return nil
        }
        return .branchRegisterResponse(BranchRegisterResponse(result: .success, branchId: 100 + index))
    }

    static func register(_ client: SeataClient, _ index: Int) async throws -> Int64 {
        try await client.registerBranch(
            xid: "127.0.0.1:1:1",
            branchType: .tcc,
            resourceId: "stock",
            applicationData: "\(index)"
        )
    }

    /// Registers `count` branches at once; checks each caller got its own branch id.
    static func registerTogether(_ client: SeataClient, count: Int) async throws {
        try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
            for index in 0..<count {
                group.addTask { (index, try await register(client, index)) }
            }
            for try await (index, branchId) in group {
                #expect(branchId == 100 + Int64(index))
            }
        }
    }

    static func mergedFrames(_ coordinator: TestCoordinator) -> [(SeataFrame, MergedWarpMessage)] {
        coordinator.received.compactMap { received in
            if case .mergedWarp(let merged) = received.message { (received.frame, merged) } else { nil }
        }
    }

    @Test func requestsSentTogetherTravelInOneWayMergedFramesWithTheirIds() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            switch received.message {
            case .mergedWarp(let merged):
                .answer(.mergeResult(MergeResultMessage(results: merged.messages.compactMap(Self.answer))))
            case .branchRegister: .answer(Self.answer(received.message)!)
            default: .standard
            }
        }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop], configuration: Self.merging) {
            client in try await Self.registerTogether(client, count: 100)
        }
        let merged = Self.mergedFrames(coordinator)
        #expect(!merged.isEmpty)
        for (frame, message) in merged {
            #expect(frame.messageType == .oneWay)
            #expect(message.messages.count >= 2)
            #expect(message.messageIDs?.count == message.messages.count)
            #expect(Set(message.messageIDs ?? []).count == message.messages.count)
        }
        let plain = coordinator.messages.filter { if case .branchRegister = $0 { true } else { false } }.count
        #expect(plain + merged.reduce(0) { $0 + $1.1.messages.count } == 100)
    }

    @Test func aBatchResultAnswersByTheIdsItLists() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            switch received.message {
            case .mergedWarp(let merged):
                // The answers in reverse order: only the ids say which is which.
                .answer(
                    .batchResult(
                        BatchResultMessage(
                            results: merged.messages.compactMap(Self.answer).reversed(),
                            messageIDs: (merged.messageIDs ?? []).reversed()
                        )
                    )
                )
            case .branchRegister: .answer(Self.answer(received.message)!)
            default: .standard
            }
        }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop], configuration: Self.merging) {
            client in try await Self.registerTogether(client, count: 100)
        }
        #expect(!Self.mergedFrames(coordinator).isEmpty)
    }

    @Test func aFailedResultInAMergeFailsOnlyItsRequest() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            let refuse: (SeataMessage) -> SeataMessage? = { message in
                guard case .branchRegister(let register) = message else { return nil }
                guard register.applicationData == "7" else { return Self.answer(message) }
                return .branchRegisterResponse(
                    BranchRegisterResponse(result: .failure(.lockKeyConflict, message: "row 7 is locked"), branchId: 0)
                )
            }
            switch received.message {
            case .mergedWarp(let merged):
                return .answer(.mergeResult(MergeResultMessage(results: merged.messages.compactMap(refuse))))
            case .branchRegister: return .answer(refuse(received.message)!)
            default: return .standard
            }
        }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop], configuration: Self.merging) {
            client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        do {
                            let branchId = try await Self.register(client, index)
                            #expect(index != 7)
                            #expect(branchId == 100 + Int64(index))
                        } catch let error as SeataClientError {
                            #expect(index == 7)
                            #expect(error.exceptionCode == .lockKeyConflict)
                            #expect(error.message == "row 7 is locked")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func aMergeAnswerThatLeavesARequestOutFailsIt() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        coordinator.script { received in
            switch received.message {
            case .mergedWarp(let merged):
                .answer(.mergeResult(MergeResultMessage(results: merged.messages.dropLast().compactMap(Self.answer))))
            case .branchRegister: .answer(Self.answer(received.message)!)
            default: .standard
            }
        }
        let outcomes = try await Clients.with(
            [coordinator],
            resources: [ResourceManagerTests.noop],
            configuration: Self.merging
        ) { client in
            try await withThrowingTaskGroup(of: SeataClientError.Code?.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        do {
                            _ = try await Self.register(client, index)
                            return nil
                        } catch let error as SeataClientError {
                            return error.code
                        }
                    }
                }
                var codes: [SeataClientError.Code?] = []
                for try await code in group { codes.append(code) }
                return codes
            }
        }
        let merges = Self.mergedFrames(coordinator).count
        #expect(merges > 0)
        #expect(outcomes.filter { $0 == .malformedResponse }.count == merges)
        #expect(outcomes.filter { $0 == nil }.count == 100 - merges)
    }

    @Test func aRequestSentAloneGoesAsAPlainRequest() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop], configuration: Self.merging) {
            client in
            _ = try await client.registerBranch(xid: "127.0.0.1:1:1", branchType: .tcc, resourceId: "stock")
        }
        let register = try #require(
            coordinator.received.first { if case .branchRegister = $0.message { true } else { false } }
        )
        #expect(register.frame.messageType == .request)
        #expect(Self.mergedFrames(coordinator).isEmpty)
    }

    @Test func registrationsAndTheOtherRoleAreNeverMerged() async throws {
        let coordinator = try await TestCoordinator.start()
        defer { Task { await coordinator.stop() } }
        try await Clients.with([coordinator], resources: [ResourceManagerTests.noop], configuration: Self.merging) {
            client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask { _ = try await client.status(xid: "127.0.0.1:1:1") }
                }
                try await group.waitForAll()
            }
        }
        #expect(Self.mergedFrames(coordinator).isEmpty)
        #expect(coordinator.received.filter { $0.message.isRegisterRM || $0.message.isRegisterTM }.count == 2)
    }
}
