import ConfigCenter
import Testing

/// Each kind of problem, with its message text.
@Suite struct ConfigValidatorTests {
    private let validator: ConfigValidator

    init() throws {
        validator = ConfigValidator(schema: try Schemas.repository())
    }

    private func only(_ report: ValidationReport) throws -> ValidationProblem {
        #expect(report.problems.count == 1, "\(report.problems)")
        return try #require(report.problems.first)
    }

    @Test func minimalServerConfigIsValid() {
        let report = validator.validate(.lines(["store.mode": "file"]), side: .server)
        #expect(report.problems.isEmpty)
        #expect(report.isValid)
    }

    @Test func missingRequiredKey() throws {
        let problem = try only(validator.validate(ConfigValues(), side: .server))
        #expect(problem.key == "store.mode")
        #expect(problem.kind == .missing)
        #expect(problem.severity == .error)
        #expect(problem.origin == nil)
        #expect(problem.summary() == "store.mode: missing")
        #expect(problem.summary { "no znode /seata/\($0)" } == "store.mode: missing (no znode /seata/store.mode)")
        #expect(problem.suggestion == "set it to one of file, db, redis, raft")
    }

    @Test func serverKeysAreNotRequiredOfClients() {
        #expect(validator.validate(ConfigValues(), side: .client).problems.isEmpty)
    }

    @Test func emptyRequiredKey() throws {
        let problem = try only(validator.validate(.lines(["store.mode": ""]), side: .server))
        #expect(problem.kind == .empty)
        #expect(problem.severity == .error)
        #expect(problem.summary() == "store.mode: empty, but a value is required")
        #expect(problem.origin == .file(path: "test.txt", line: 1))
    }

    @Test func emptyOptionalKeyWithADefaultIsAWarning() throws {
        let problem = try only(
            validator.validate(.lines(["store.mode": "file", "server.undo.logSaveDays": ""]), side: .server)
        )
        #expect(problem.kind == .empty)
        #expect(problem.severity == .warning)
        #expect(problem.summary() == "server.undo.logSaveDays: empty, so the default 7 applies")
    }

    @Test func wrongType() throws {
        let problem = try only(
            validator.validate(.lines(["store.mode": "file", "server.undo.logSaveDays": "abc"]), side: .server)
        )
        #expect(problem.kind == .wrongType)
        #expect(problem.severity == .error)
        #expect(problem.summary() == "server.undo.logSaveDays: expected an integer of at most 32767, got 'abc'")
        #expect(problem.origin?.description == "test.txt:2")
    }

    @Test func trailingWhitespaceIsPointedOut() throws {
        let problem = try only(
            validator.validate(
                .lines(["store.mode": "file", "store.file.maxGlobalSessionSize": "512 "]),
                side: .server
            )
        )
        #expect(
            problem.message
                == "'512 ' has whitespace around it, which Seata does not trim; expected an integer of at least 1"
        )
        #expect(problem.suggestion == "remove the whitespace around the value")
        #expect(problem.fix == [.set(key: "store.file.maxGlobalSessionSize", value: "512")])
    }

    @Test func valueNotAllowedListsTheAllowedOnes() throws {
        let problem = try only(validator.validate(.lines(["store.mode": "mysql"]), side: .server))
        #expect(problem.kind == .notAllowed)
        #expect(problem.summary() == "store.mode: 'mysql' is not allowed; expected one of file, db, redis, raft")
        #expect(problem.suggestion == "change it to one of file, db, redis, raft")
    }

    @Test func valueNotAllowedSuggestsTheClosestAllowedOne() throws {
        let problem = try only(validator.validate(.lines(["store.mode": "fiel"]), side: .server))
        #expect(problem.suggestion == "did you mean file?")
    }

    @Test func outOfRange() throws {
        let problem = try only(
            validator.validate(
                .lines(["store.mode": "file", "metrics.exporterPrometheusPort": "70000"]),
                side: .server
            )
        )
        #expect(problem.kind == .wrongType)
        #expect(
            problem.summary() == "metrics.exporterPrometheusPort: expected a port number from 1 to 65535, got '70000'"
        )
        let range = try only(
            validator.validate(.lines(["store.mode": "file", "server.maxCommitRetryTimeout": "-5"]), side: .server)
        )
        #expect(range.kind == .notAllowed)
        #expect(
            range.summary()
                == "server.maxCommitRetryTimeout: '-5' is not allowed; expected a duration in milliseconds (an integer) of at least -1"
        )
    }

    @Test func conditionalRequirementNamesTheCondition() {
        let report = validator.validate(
            .lines(["store.mode": "db", "store.db.url": "jdbc:mysql://127.0.0.1:3306/seata", "store.db.user": ""]),
            side: .server
        )
        #expect(report.problems.map(\.kind) == Array(repeating: .conditionUnmet, count: 4))
        // store.mode=db makes both effective modes db; the session mode's requirement is named,
        // with where its value came from.
        let because = "store.session.mode=db (schema default: the value of store.mode)"
        #expect(
            report.problems.map { $0.summary() } == [
                "store.db.datasource: required when \(because), but missing",
                "store.db.dbType: required when \(because), but missing",
                "store.db.driverClassName: required when \(because), but missing",
                "store.db.user: required when \(because), but empty",
            ]
        )
        #expect(report.problems.first?.condition == "store.session.mode=db")
        #expect(report.problems.first?.suggestion == "set store.db.datasource, or change store.session.mode")
        #expect(report.problems.last?.origin == .file(path: "test.txt", line: 3))
    }

    @Test func conditionsComposeWithDefaultsAndCase() {
        // store.redis.mode defaults to single, so sentinel keys are not needed...
        #expect(validator.validate(.lines(["store.mode": "redis"]), side: .server).isValid)
        // ...but are once it is sentinel (in any case, as Seata compares).
        let report = validator.validate(.lines(["store.mode": "REDIS", "store.redis.mode": "sentinel"]), side: .server)
        let because = "store.redis.mode=sentinel and store.session.mode=redis (schema default: the value of store.mode)"
        #expect(
            report.problems.map { $0.summary() } == [
                "store.redis.sentinel.masterName: required when \(because), but missing",
                "store.redis.sentinel.sentinelHosts: required when \(because), but missing",
            ]
        )
        let raft = validator.validate(.lines(["store.mode": "raft"]), side: .server)
        #expect(
            raft.problems.map { $0.summary() } == [
                "server.raft.serverAddr: required when store.session.mode=raft (schema default: the value of store.mode), but missing"
            ]
        )
    }

    @Test func lockModeAloneCanRequireTheDatabase() {
        let report = validator.validate(.lines(["store.mode": "file", "store.lock.mode": "db"]), side: .server)
        #expect(report.errors.count == 5)
        #expect(report.problems.first?.condition == "store.lock.mode=db")
    }

    @Test func unknownKeyIsAWarningWithSuggestion() throws {
        let report = validator.validate(.lines(["store.mode": "file", "store.mdoe": "db"]), side: .server)
        #expect(report.isValid, "a key the schema does not know never makes a configuration invalid")
        let problem = try only(report)
        #expect(problem.kind == .unknownKey)
        #expect(problem.severity == .warning)
        #expect(problem.summary() == "store.mdoe: unknown key; did you mean store.mode?")
        #expect(problem.suggestedKey == "store.mode")
        #expect(problem.suggestion == "rename it to store.mode")
        #expect(problem.origin == .file(path: "test.txt", line: 2))
    }

    @Test func unknownKeyWithoutSuggestion() throws {
        let problem = try only(
            validator.validate(.lines(["store.mode": "file", "totally.different": "x"]), side: .server)
        )
        #expect(problem.summary() == "totally.different: unknown key")
        #expect(problem.suggestedKey == nil)
        #expect(
            problem.suggestion == "remove it, or add it to the schema (Config/schema.json) if it is meant to be read"
        )
    }

    @Test func aTypoOfAnOldNameSuggestsTheNewName() throws {
        let problem = try only(
            validator.validate(
                .lines(["store.mode": "file", "server.recovery.asynComittingRetryPeriod": "1"]),
                side: .server
            )
        )
        #expect(problem.suggestedKey == "server.recovery.asyncCommittingRetryPeriod")
    }

    @Test func aRenamedKeyThatWouldChangeBehaviourIsAWarningAndNotMigrated() throws {
        let report = validator.validate(
            .lines(["store.mode": "file", "server.raft.server-addr": "127.0.0.1:7091"]),
            side: .server
        )
        let problem = try only(report)
        #expect(problem.kind == .renamedKey)
        #expect(problem.severity == .warning)
        #expect(problem.suggestedKey == "server.raft.serverAddr")
        #expect(problem.message.contains("renaming it would enable raft"))
        #expect(problem.suggestion == "delete it, unless you mean server.raft.serverAddr and what it does")
        #expect(problem.fix == [.delete(key: "server.raft.server-addr")])
    }

    @Test func keyThatIsNeverRead() throws {
        let problem = try only(
            validator.validate(.lines(["store.mode": "file", "store.db.vgroupTable": "x"]), side: .server)
        )
        #expect(problem.kind == .renamedKey)
        #expect(problem.severity == .warning)
        #expect(problem.suggestedKey == nil)
        #expect(problem.message.hasPrefix("has no effect: Seata never reads this name"))
        #expect(problem.suggestion == "delete it")
    }

    @Test func problemsOfKeysTheSideDoesNotReadAreWarnings() throws {
        let problem = try only(
            validator.validate(.lines(["store.mode": "file", "client.rm.lock.retryTimes": "many"]), side: .server)
        )
        #expect(problem.severity == .warning)
        let asClient = validator.validate(.lines(["client.rm.lock.retryTimes": "many"]), side: .client)
        #expect(asClient.errors.count == 1)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let report = validator.validate(
            .lines([
                "store.lock.mode": "dbx", "server.undo.logSaveDays": "x", "store.mdoe": "db",
                "store.db.vgroupTable": "t",
            ]),
            side: .server
        )
        #expect(
            report.problems.map(\.key) == [
                "server.undo.logSaveDays", "store.db.vgroupTable", "store.lock.mode", "store.mdoe", "store.mode",
            ]
        )
        #expect(report.problems.map(\.kind) == [.wrongType, .renamedKey, .notAllowed, .unknownKey, .missing])
        #expect(report.errors.count == 3)
        #expect(report.warnings.map(\.key) == ["store.db.vgroupTable", "store.mdoe"])
    }

    @Test func withoutDefaultsOnlyGivenValuesCount() throws {
        let schema = try Schemas.fromJSON(
            """
            {"properties": [
              {"name": "a.mode", "type": "enum", "values": ["x", "y"], "defaultValue": "x"},
              {"name": "a.b", "type": "string"}
            ],
            "requirements": [{"when": {"a.mode": "x"}, "require": ["a.b"]}]}
            """
        )
        let validator = ConfigValidator(schema: schema)
        let withDefaults = validator.validate(ConfigValues(), side: .server)
        #expect(withDefaults.problems.map { $0.summary() } == ["a.b: required when a.mode=x, but missing"])
        #expect(validator.validate(ConfigValues(), side: .server, applyDefaults: false).isValid)
    }
}
