import ConfigCenter
import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// LiveConfig against the shared server: changes by another client reach subscribers.
@Suite struct LiveConfigTests {
    @Test func aSetACreateAndADeleteByAnotherClientReachSubscribers() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-crud")
        try await seed(writer, root: root, ["store.mode": "file", "server.maxCommitRetryTimeout": "100"])
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: try serverLoader(),
            logger: quietLogger
        )
        let initial = try await live.start()
        #expect(initial.report.isValid)
        #expect(initial.value("server.maxCommitRetryTimeout") == "100")
        var changes = ChangeFollower(live)
        try await running(live) {
            try await writer.set("\(root)/server.maxCommitRetryTimeout", data: Array("200".utf8))
            var (config, keys) = try await changes.accepted()
            #expect(keys == ["server.maxCommitRetryTimeout"])
            #expect(config.value("server.maxCommitRetryTimeout") == "200")

            try await writer.create("\(root)/server.undo.logSaveDays", data: Array("3".utf8))
            (config, keys) = try await changes.accepted()
            #expect(keys == ["server.undo.logSaveDays"])
            #expect(
                config.effective["server.undo.logSaveDays"]?.origin == .znode(path: "\(root)/server.undo.logSaveDays")
            )

            try await writer.delete("\(root)/server.maxCommitRetryTimeout")
            (config, keys) = try await changes.accepted()
            #expect(keys == ["server.maxCommitRetryTimeout"])
            #expect(config.effective["server.maxCommitRetryTimeout"] == SourcedValue("-1", origin: .schemaDefault))
            #expect(live.current.value("server.undo.logSaveDays") == "3")
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func aThousandRapidWritesEndWithTheLastValue() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-burst")
        try await seed(writer, root: root, ["store.mode": "file", "server.maxCommitRetryTimeout": "0"])
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: try serverLoader(),
            logger: quietLogger
        )
        try await live.start()
        var changes = ChangeFollower(live)
        try await running(live) {
            // Pipelined, so the writes land faster than the watch can be re-armed.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 1...1000 {
                    group.addTask {
                        _ = try await writer.set("\(root)/server.maxCommitRetryTimeout", data: Array("\(i)".utf8))
                    }
                    if i % 100 == 0 { try await group.waitForAll() }  // keep the order of the last ones
                }
                try await group.waitForAll()
            }
            let last = try await writer.get("\(root)/server.maxCommitRetryTimeout").string
            _ = try await changes.accepted(within: .seconds(20), "the last value") {
                $0.value("server.maxCommitRetryTimeout") == last
            }
            // Nothing older is published afterwards.
            try await Task.sleep(for: .milliseconds(300))
            #expect(live.current.value("server.maxCommitRetryTimeout") == last)
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func anInvalidUpdateIsRejectedAndTheLastGoodConfigKept() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-reject")
        try await seed(writer, root: root, ["store.mode": "file", "store.db.password": "hunter2"])
        let session = try await sharedRenewingSession()
        let log = RecordedLog()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: try serverLoader(),
            logger: log.logger
        )
        try await live.start()
        var changes = ChangeFollower(live)
        try await running(live) {
            try await writer.set("\(root)/store.mode", data: Array("floppy".utf8))
            guard case .rejected(let rejection) = try await changes.next() else {
                Issue.record("expected a rejection")
                return
            }
            // The session and lock modes follow store.mode, so their effective values change too.
            let modes: Set<String> = ["store.mode", "store.session.mode", "store.lock.mode"]
            #expect(rejection.changedKeys == modes)
            #expect(rejection.report.errors.map(\.key) == ["store.mode"])
            #expect(rejection.candidate.value("store.mode") == "floppy")
            #expect(live.current.value("store.mode") == "file", "the last good config stays")
            #expect(live.lastRejection?.changedKeys == modes)

            // A valid change of another key while the invalid one is still stored: still rejected
            // (applying part of what ZooKeeper holds is never right).
            try await writer.set("\(root)/store.db.password", data: Array("correct horse".utf8))
            guard case .rejected(let again) = try await changes.next() else {
                Issue.record("expected a second rejection")
                return
            }
            #expect(again.changedKeys == modes.union(["store.db.password"]))

            try await writer.set("\(root)/store.mode", data: Array("db".utf8))
            guard case .rejected = try await changes.next() else {
                Issue.record("store.mode=db without store.db.url is invalid")
                return
            }
            try await writer.set("\(root)/store.mode", data: Array("file".utf8))
            let (config, keys) = try await changes.accepted()
            #expect(keys == ["store.db.password"])
            #expect(config.value("store.db.password") == "correct horse")
            #expect(live.lastRejection == nil)
        }
        let lines = log.all
        #expect(lines.contains { $0.contains("rejected") && $0.contains("store.mode") })
        #expect(!lines.contains { $0.contains("hunter2") || $0.contains("correct horse") }, "no secret is logged")
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func aRevertedInvalidChangeEndsTheRejection() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-revert")
        try await seed(writer, root: root, ["store.mode": "file"])
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: try serverLoader(),
            logger: quietLogger
        )
        try await live.start()
        var changes = ChangeFollower(live)
        try await running(live) {
            try await writer.set("\(root)/store.mode", data: Array("fiel".utf8))
            guard case .rejected(let rejection) = try await changes.next() else {
                Issue.record("a value outside store.mode's allowed values is an error")
                return
            }
            #expect(rejection.report.errors.first?.kind == .notAllowed)
            try await writer.set("\(root)/store.mode", data: Array("file".utf8))
            let (_, keys) = try await changes.accepted()
            #expect(keys.isEmpty)
            #expect(live.lastRejection == nil)
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func anUnknownKeyIsAWarningAndNeverHoldsBackAChangeOfAnotherKey() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-unknown")
        try await seed(writer, root: root, ["store.mode": "file"])
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: try serverLoader(),
            logger: quietLogger
        )
        try await live.start()
        var changes = ChangeFollower(live)
        try await running(live) {
            try await writer.create("\(root)/my.custom.flag", data: Array("on".utf8))
            let (withFlag, flagKeys) = try await changes.accepted()
            #expect(flagKeys == ["my.custom.flag"])
            #expect(withFlag.report.warnings.contains { $0.key == "my.custom.flag" && $0.kind == .unknownKey })
            try await writer.create("\(root)/server.maxCommitRetryTimeout", data: Array("-1".utf8))
            let (_, keys) = try await changes.accepted()
            #expect(keys == ["server.maxCommitRetryTimeout"])
            #expect(live.lastRejection == nil)
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func fromAnInvalidStartAChangeWithNoMoreErrorsIsAccepted() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-invalid-start")
        try await seed(writer, root: root, [:])
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: try serverLoader(),
            logger: quietLogger
        )
        let initial = try await live.start()
        #expect(initial.report.errors.map(\.kind) == [.missing], "store.mode is missing")
        var changes = ChangeFollower(live)
        try await running(live) {
            // Still one error (a value not allowed instead of a missing one): accepted.
            try await writer.create("\(root)/store.mode", data: Array("floppy".utf8))
            var (config, _) = try await changes.accepted()
            #expect(config.report.errors.map(\.kind) == [.notAllowed])
            // Two errors: rejected.
            try await writer.create("\(root)/server.undo.logSaveDays", data: Array("a week".utf8))
            guard case .rejected(let rejection) = try await changes.next() else {
                Issue.record("more errors than the current config: rejected")
                return
            }
            #expect(rejection.report.errors.count == 2)
            // Fixed: accepted.
            try await writer.delete("\(root)/server.undo.logSaveDays")
            try await writer.set("\(root)/store.mode", data: Array("file".utf8))
            (config, _) = try await changes.accepted { $0.report.isValid }
            #expect(live.current.report.isValid && live.lastRejection == nil)
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func aMissingRootIsWatchedUntilItIsCreated() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-absent")
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: ConfigLoader(schema: .permissive, side: .both, environment: [:]),
            logger: quietLogger
        )
        let initial = try await live.start()
        #expect(initial.isEmpty)
        #expect(initial.stored?.isAbsent == true)
        var changes = ChangeFollower(live)
        try await running(live) {
            try await writer.create(root)
            try await writer.create("\(root)/feature.enabled", data: Array("true".utf8))
            let (config, _) = try await changes.accepted { $0.value("feature.enabled") == "true" }
            #expect(config.stored?.isAbsent == false)

            // The whole tree goes, and comes back.
            _ = try await writer.deleteRecursively(root)
            _ = try await changes.accepted { $0.isEmpty }
            try await seed(writer, root: root, ["feature.enabled": "false"])
            _ = try await changes.accepted { $0.value("feature.enabled") == "false" }
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func theSingleNodeIsFollowedThroughChangesDeletionAndRecreation() async throws {
        let writer = try await TestEnvironment.connect()
        let base = TestEnvironment.uniqueRoot("live-node")
        let path = "\(base)/seata.properties"
        try await writer.create(
            path,
            data: Array("store.mode=file\nserver.maxCommitRetryTimeout=5\n".utf8),
            createParents: true
        )
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .singleNode(path: path, root: base),
            loader: try serverLoader(),
            logger: quietLogger
        )
        let initial = try await live.start()
        #expect(initial.effective["server.maxCommitRetryTimeout"]?.origin == .znodeProperties(path: path, line: 2))
        var changes = ChangeFollower(live)
        try await running(live) {
            try await writer.set(path, data: Array("store.mode=file\nserver.maxCommitRetryTimeout=6\n".utf8))
            var (config, keys) = try await changes.accepted()
            #expect(keys == ["server.maxCommitRetryTimeout"])
            #expect(config.value("server.maxCommitRetryTimeout") == "6")

            try await writer.set(path, data: Array("store.mode=file\nbad line \\u12".utf8))
            guard case .rejected(let rejection) = try await changes.next() else {
                Issue.record("an unreadable properties text is rejected")
                return
            }
            #expect(rejection.report.errors.first?.key == path)

            // Deleted: every key is missing, which is invalid for the server; re-created: back.
            try await writer.delete(path)
            guard case .rejected = try await changes.next() else {
                Issue.record("a missing node leaves store.mode missing")
                return
            }
            try await writer.create(path, data: Array("store.mode=file\n".utf8))
            (config, _) = try await changes.accepted()
            #expect(config.value("server.maxCommitRetryTimeout") == "-1")
        }
        await session.close()
        _ = try await writer.deleteRecursively(base)
        await writer.close()
    }

    @Test func aSingleNodeIsFollowedWithThePerKeyZNodesSeataFallsBackTo() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-node-keys")
        let path = "\(root)/seata.properties"
        try await seed(writer, root: root, ["store.mode": "file"])
        try await writer.create(path, data: Array("server.maxCommitRetryTimeout=5\n".utf8))
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .singleNode(path: path, root: root),
            loader: try serverLoader(),
            logger: quietLogger
        )
        let initial = try await live.start()
        #expect(initial.report.isValid, "store.mode comes from its znode")
        #expect(initial.effective["store.mode"]?.origin == .znode(path: "\(root)/store.mode"))
        #expect(initial.storedValues["seata.properties"] == nil, "the node is not one of the keys")
        var changes = ChangeFollower(live)
        try await running(live) {
            // A per-key znode the node lacks: followed.
            try await writer.create("\(root)/server.undo.logSaveDays", data: Array("3".utf8))
            var (config, keys) = try await changes.accepted()
            #expect(keys == ["server.undo.logSaveDays"])
            #expect(config.value("server.undo.logSaveDays") == "3")
            // The node takes the key over: its value wins, and the duplicate is a warning.
            try await writer.set(path, data: Array("server.maxCommitRetryTimeout=5\nserver.undo.logSaveDays=9\n".utf8))
            (config, keys) = try await changes.accepted()
            #expect(config.value("server.undo.logSaveDays") == "9")
            #expect(config.effective["server.undo.logSaveDays"]?.origin == .znodeProperties(path: path, line: 2))
            #expect(config.report.warnings.map(\.kind) == [.shadowed])
            // The node goes: Seata falls back to the per-key znodes for everything.
            try await writer.delete(path)
            (config, keys) = try await changes.accepted()
            #expect(config.value("server.undo.logSaveDays") == "3")
            #expect(config.value("server.maxCommitRetryTimeout") == "-1", "the schema default again")
            #expect(config.report.warnings.isEmpty)
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }

    @Test func everySubscriberGetsEveryChangeFromItsSubscriptionOn() async throws {
        let writer = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("live-subscribers")
        try await seed(writer, root: root, ["a": "1"])
        let session = try await sharedRenewingSession()
        let live = LiveConfig(
            session: session,
            layout: .perKey(root: root),
            loader: ConfigLoader(schema: .permissive, side: .both, environment: [:]),
            logger: quietLogger
        )
        try await live.start()
        var first = ChangeFollower(live)
        try await running(live) {
            try await writer.set("\(root)/a", data: Array("2".utf8))
            _ = try await first.accepted { $0.value("a") == "2" }
            var second = ChangeFollower(live)
            try await writer.set("\(root)/a", data: Array("3".utf8))
            _ = try await first.accepted { $0.value("a") == "3" }
            let (config, keys) = try await second.accepted()
            #expect(config.value("a") == "3" && keys == ["a"])
        }
        await session.close()
        _ = try await writer.deleteRecursively(root)
        await writer.close()
    }
}
