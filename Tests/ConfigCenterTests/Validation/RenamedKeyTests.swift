import ConfigCenter
import Testing

/// Renamed keys as Spring Boot's properties migrator treats them: warnings, never a refusal;
/// migrated where the old name means the same; an error only when both names disagree.
@Suite struct RenamedKeyTests {
    private let schema: ConfigSchema

    init() throws {
        schema = try Schemas.repository()
    }

    private func load(_ pairs: KeyValuePairs<String, String>, environment: [String: String] = [:]) -> LoadedConfig {
        var values = ConfigValues()
        for (key, value) in pairs { values[key] = SourcedValue(value, origin: .znode(path: "/seata/\(key)")) }
        return ConfigLoader(schema: schema, side: .server, environment: environment).load(values: values)
    }

    @Test func aMisspeltNameWithTheSameMeaningRunsUnderTheNewNameWithItsOrigin() throws {
        let loaded = load(["store.mode": "file", "server.recovery.asynCommittingRetryPeriod": "2500"])
        #expect(loaded.report.isValid)
        let warning = try #require(loaded.report.warnings.first)
        #expect(warning.key == "server.recovery.asynCommittingRetryPeriod")
        #expect(warning.kind == .renamedKey)
        #expect(
            warning.fix == [
                .set(key: "server.recovery.asyncCommittingRetryPeriod", value: "2500"),
                .delete(key: "server.recovery.asynCommittingRetryPeriod"),
            ]
        )
        let running = try #require(loaded.effective["server.recovery.asyncCommittingRetryPeriod"])
        #expect(running.value == "2500")
        #expect(running.origin == .znode(path: "/seata/server.recovery.asynCommittingRetryPeriod"))
    }

    @Test func theNewNameWinsWhenBothAreSetAndTheyAgree() throws {
        let loaded = load([
            "store.mode": "file", "server.recovery.asynCommittingRetryPeriod": "1000",
            "server.recovery.asyncCommittingRetryPeriod": "1000",
        ])
        #expect(loaded.report.isValid)
        #expect(loaded.report.warnings.map(\.fix) == [[.delete(key: "server.recovery.asynCommittingRetryPeriod")]])
        #expect(
            loaded.effective["server.recovery.asyncCommittingRetryPeriod"]?.origin
                == .znode(path: "/seata/server.recovery.asyncCommittingRetryPeriod")
        )
    }

    @Test func bothNamesWithDifferentValuesIsAnError() throws {
        let loaded = load([
            "store.mode": "file", "server.recovery.asynCommittingRetryPeriod": "2000",
            "server.recovery.asyncCommittingRetryPeriod": "1000",
        ])
        let error = try #require(loaded.report.errors.first)
        #expect(loaded.report.errors.count == 1)
        #expect(error.kind == .renamedConflict)
        #expect(error.key == "server.recovery.asynCommittingRetryPeriod")
        #expect(error.message.contains("'1000'"))
        #expect(error.message.contains("Seata reads only server.recovery.asyncCommittingRetryPeriod"))
        #expect(loaded.effective["server.recovery.asyncCommittingRetryPeriod"]?.value == "1000")
    }

    @Test func aMigratedValueMustFitTheNewNamesType() {
        let loaded = load(["store.mode": "file", "server.recovery.asynCommittingRetryPeriod": "soon"])
        #expect(loaded.report.errors.map(\.key) == ["server.recovery.asynCommittingRetryPeriod"])
        #expect(loaded.report.errors.first?.kind == .wrongType)
    }

    @Test func theEnvironmentOverridingTheNewNameWinsOverTheMigration() {
        let loaded = load(
            ["store.mode": "file", "server.recovery.asynCommittingRetryPeriod": "2500"],
            environment: ["SERVER_RECOVERY_ASYNCCOMMITTINGRETRYPERIOD": "3000"]
        )
        #expect(loaded.effective["server.recovery.asyncCommittingRetryPeriod"]?.value == "3000")
        #expect(loaded.report.errors.map(\.kind) == [.renamedConflict])
    }

    @Test func aRenameThatWouldEnableRaftIsNotMigrated() throws {
        let loaded = load(["store.mode": "file", "server.raft.server-addr": "127.0.0.1:7091,127.0.0.1:7092"])
        #expect(loaded.report.isValid)
        #expect(loaded.effective["server.raft.serverAddr"] == nil, "migrating it would turn on raft")
        #expect(loaded.effective["store.session.mode"]?.value == "file")
        let warning = try #require(loaded.report.warnings.first)
        #expect(warning.message.contains("renaming it would enable raft"))
        #expect(warning.message.contains("SessionHolder, RaftServerManager"))
        #expect(warning.fix == [.delete(key: "server.raft.server-addr")])
    }

    @Test func aNameSeataNeverReadsIsAWarningThatItHasNoEffect() throws {
        let loaded = load(["store.mode": "file", "store.db.vgroupTable": "vgroup-table"])
        #expect(loaded.report.isValid)
        let warning = try #require(loaded.report.warnings.first)
        #expect(warning.message.hasPrefix("has no effect"))
        #expect(warning.fix == [.delete(key: "store.db.vgroupTable")])
    }

    @Test func fixesRenderAsCommandsForAShell() {
        #expect(ConfigFix.set(key: "a.b", value: "1000").subcommand == "set a.b 1000")
        #expect(ConfigFix.set(key: "a.b", value: "-1").subcommand == "set a.b -- -1")
        #expect(ConfigFix.set(key: "a.b", value: "it's x").subcommand == "set a.b 'it'\\''s x'")
        #expect(ConfigFix.set(key: "a.b", value: nil).subcommand == "set a.b \"$VALUE\"")
        #expect(ConfigFix.delete(key: "a.b").subcommand == "delete a.b")
    }
}
