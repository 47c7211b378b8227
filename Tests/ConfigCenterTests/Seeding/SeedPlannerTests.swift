import ConfigCenter
import Testing
import ZooKeeper

/// The seed rules, decided without a server.
@Suite struct SeedPlannerTests {
    private let root = ConfigLayout.perKey(root: "/seata")
    private let schema: ConfigSchema

    init() throws {
        schema = try Schemas.repository()
    }

    private func input(_ pairs: KeyValuePairs<String, String>) -> SeedInput {
        SeedInput(
            source: "test.txt",
            entries: pairs.enumerated().map { SeedEntry(key: $1.key, value: $1.value, line: $0 + 1, column: 1) }
        )
    }

    private func stored(_ pairs: KeyValuePairs<String, (String, Int32)>, nested: [String] = []) -> StoredConfig {
        var keys: [String: StoredConfig.Entry] = [:]
        for (key, (value, version)) in pairs {
            keys[key] = .init(path: "/seata/\(key)", bytes: Array(value.utf8), stat: ZNodeStat(version: version))
        }
        return StoredConfig(layout: root, baseStat: ZNodeStat(), keys: keys, nestedKeys: nested)
    }

    private func kinds(_ plan: SeedPlan) -> [String: SeedAction.Kind] {
        Dictionary(uniqueKeysWithValues: plan.actions.map { ($0.key, $0.kind) })
    }

    @Test func createsMissingKeysAndKeepsDifferentValuesByDefault() throws {
        let plan = try SeedPlanner(options: SeedOptions(), schema: schema)
            .plan(
                input(["a": "1", "b": "2", "c": "3"]),
                stored: stored(["b": ("2", 4), "c": ("hand-set", 7), "extra": ("x", 1)])
            )
        #expect(kinds(plan) == ["a": .create, "b": .unchanged, "c": .kept])
        #expect(plan.actions.map(\.key) == ["a", "b", "c"])
        #expect(plan.actions.first { $0.key == "c" }?.version == 7)
        #expect(plan.hasChanges)
    }

    @Test func overwriteUpdatesAndPruneDeletesAgainstTheVersionsRead() throws {
        let plan = try SeedPlanner(options: SeedOptions(overwrite: true, prune: true), schema: schema)
            .plan(
                input(["c": "3"]),
                stored: stored(["c": ("old", 7), "extra": ("x", 2), "dir": ("", 0)], nested: ["dir"])
            )
        #expect(kinds(plan) == ["c": .update, "extra": .delete])
        #expect(plan.nestedKeysNotPruned == ["dir"])
        let operations = plan.operations(acl: .open)
        #expect(
            operations == [
                .set(path: "/seata/c", data: Array("3".utf8), version: .exactly(7)),
                .delete(path: "/seata/extra", version: .exactly(2)),
            ]
        )
    }

    @Test func equalStoreNeedsNoWrite() throws {
        let plan = try SeedPlanner(options: SeedOptions(overwrite: true, prune: true), schema: schema)
            .plan(input(["a": "1", "b": ""]), stored: stored(["a": ("1", 0), "b": ("", 3)]))
        #expect(!plan.hasChanges)
        #expect(plan.summary[.unchanged] == 2)
    }

    @Test func unchangedAndKeptKeysAreGuardedByChecks() throws {
        let plan = try SeedPlanner(options: SeedOptions(), schema: schema)
            .plan(input(["a": "1", "b": "2", "c": "3"]), stored: stored(["b": ("2", 4), "c": ("x", 5)]))
        #expect(
            plan.operations(acl: .readOnly) == [
                .create(path: "/seata/a", data: Array("1".utf8), acl: .readOnly),
                .check(path: "/seata/b", version: .exactly(4)),
                .check(path: "/seata/c", version: .exactly(5)),
            ]
        )
    }

    @Test func missingRootAndParentsAreCreatedFirst() throws {
        let absent = StoredConfig(layout: .perKey(root: "/a/b/seata"), baseStat: nil)
        let plan = try SeedPlanner(options: SeedOptions(), schema: schema)
            .plan(input(["k": "v"]), stored: absent, missingAncestors: ["/a/b", "/a/b/seata"])
        let operations = plan.operations(acl: .open)
        #expect(operations.map(\.path) == ["/a/b", "/a/b/seata", "/a/b/seata/k"])
    }

    @Test func theRedactedPlaceholderIsNeverWritten() throws {
        let plan = try SeedPlanner(options: SeedOptions(overwrite: true), schema: schema)
            .plan(
                input([
                    "store.db.password": "<redacted>", "store.mode": "file",
                    // A URL whose credential an export masked: the rest of it is not the real value.
                    "store.db.url": "jdbc:mysql://h/seata?user=u&password=<redacted>",
                ]),
                stored: stored(["store.db.password": ("real", 2)])
            )
        #expect(kinds(plan) == ["store.db.password": .skipped, "store.mode": .create, "store.db.url": .skipped])
        #expect(plan.operations(acl: .open).first == .check(path: "/seata/store.db.password", version: .exactly(2)))
    }

    @Test func renderedPlanRedactsSecrets() throws {
        let plan = try SeedPlanner(options: SeedOptions(overwrite: true, prune: true), schema: schema)
            .plan(
                input(["store.db.password": "new-secret", "store.mode": "db"]),
                stored: stored(["store.db.password": ("old-secret", 1), "store.redis.password": ("gone", 1)])
            )
        for format in [ReportFormat.text, .json] {
            let text = plan.render(format: format, schema: schema, dryRun: true, applied: false)
            #expect(!text.contains("secret"))
            #expect(!text.contains("gone"))
            #expect(text.contains("<redacted>"))
        }
        let diff = ConfigDiff(plan: plan).render(format: .text, schema: schema, storedName: "zk", fileName: "f")
        #expect(!diff.contains("secret") && !diff.contains("gone"))
        #expect(diff.contains("+store.mode=db"))
    }

    @Test func textPlanHasOneLinePerWrittenOrKeptKey() throws {
        let plan = try SeedPlanner(options: SeedOptions(prune: true), schema: schema)
            .plan(
                input(["new": "line1\nline2", "same": "s", "differs": "-1"]),
                stored: stored(["same": ("s", 0), "differs": ("5", 0), "extra": ("e", 0)])
            )
        #expect(
            plan.render(format: .text, schema: schema, dryRun: false, applied: true)
                == """
                create new=line1\\nline2
                keep differs=5 (input has -1; --overwrite replaces it)
                delete extra (was e)

                """
        )
    }

    @Test func singleNodeMergesKeysIntoTheTextAndGuardsTheNodeVersion() throws {
        let layout = ConfigLayout.singleNode(path: "/seata/seata.properties", root: "/seata")
        let text = "# comment\nb=2\nc=hand\nextra=x\n"
        let node = StoredConfig(
            layout: layout,
            baseStat: ZNodeStat(version: 9),
            node: .init(path: "/seata/seata.properties", bytes: Array(text.utf8), stat: ZNodeStat(version: 9))
        )
        let planner = SeedPlanner(options: SeedOptions(), schema: schema)
        let plan = try planner.plan(input(["a": "1", "b": "2", "c": "3"]), stored: node)
        #expect(kinds(plan) == ["a": .create, "b": .unchanged, "c": .kept])
        #expect(
            plan.nodeWrite
                == .init(path: "/seata/seata.properties", text: "b=2\nc=hand\nextra=x\na=1\n", expectedVersion: 9)
        )
        #expect(
            plan.operations(acl: .open) == [
                .set(
                    path: "/seata/seata.properties",
                    data: Array("b=2\nc=hand\nextra=x\na=1\n".utf8),
                    version: .exactly(9)
                )
            ]
        )
        let unchanged = try planner.plan(input(["b": "2"]), stored: node)
        #expect(!unchanged.hasChanges)

        let absent = StoredConfig(layout: layout, baseStat: nil)
        let created = try planner.plan(input(["a": "1"]), stored: absent, missingAncestors: ["/seata"])
        #expect(created.operations(acl: .open).map(\.path) == ["/seata", "/seata/seata.properties"])
    }

    @Test func oversizedValuesAreInputErrorsWithTheirLine() throws {
        let planner = SeedPlanner(options: SeedOptions(), schema: schema)
        let big = String(repeating: "x", count: 1_048_576)
        let error = #expect(throws: SeedInputError.self) {
            try planner.checkSizes(input(["ok": "1", "big": big]), layout: root)
        }
        #expect(error?.problems.count == 1)
        #expect(
            error?.problems.first?.description.hasPrefix("test.txt:2:1: the value of 'big' is 1048576 bytes") == true
        )
    }

    @Test func largePlansAreCutIntoMultisThatFitTheLimit() throws {
        let entries = (0..<20_000)
            .map { SeedEntry(key: String(format: "service.vgroupMapping.group-%05d", $0), value: "default") }
        let plan = try SeedPlanner(options: SeedOptions(), schema: schema)
            .plan(
                SeedInput(source: "big", entries: entries),
                stored: StoredConfig(layout: root, baseStat: nil),
                missingAncestors: ["/seata"]
            )
        let batches = plan.batches(acl: .open, limit: RequestSize.defaultLimit)
        #expect(batches.count == 2)
        #expect(batches[0].first?.path == "/seata")
        #expect(batches.flatMap { $0 }.count == 20_001)
        for batch in batches {
            #expect(
                batch.reduce(RequestSize.emptyMulti) { $0 + RequestSize.inMulti($1) }
                    <= RequestSize.defaultLimit
            )
        }
    }
}
