import ConfigCenter
import Testing

/// Seata's stock config.txt and the project's default config, validated against the schema.
@Suite struct SeataFixtureValidationTests {
    private let validator: ConfigValidator

    init() throws {
        validator = ConfigValidator(schema: try Schemas.repository())
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func stockConfigIsValidWithTheThreeDriftKeysAsWarnings() throws {
        let values = try PropertiesParser.parse(TestPaths.bytes(TestPaths.seataFixture), source: "config.txt").values()
        let report = validator.validate(values, side: .server)
        #expect(report.isValid, "\(report.render(format: .text))")
        #expect(
            report.warnings.map(\.key) == [
                "server.raft.server-addr", "server.recovery.asynCommittingRetryPeriod", "store.db.vgroupTable",
            ]
        )
        #expect(report.warnings.allSatisfy { $0.kind == .renamedKey })
        #expect(report.warnings[0].message.contains("renaming it would enable raft"))
        #expect(
            report.warnings.map(\.fix) == [
                [.delete(key: "server.raft.server-addr")],
                [
                    .set(key: "server.recovery.asyncCommittingRetryPeriod", value: "1000"),
                    .delete(key: "server.recovery.asynCommittingRetryPeriod"),
                ],
                [.delete(key: "store.db.vgroupTable")],
            ]
        )
        #expect(
            report.warnings.map(\.origin) == [
                .file(path: "config.txt", line: 152), .file(path: "config.txt", line: 138),
                .file(path: "config.txt", line: 116),
            ]
        )
        // The keys that have no effect in Seata are set to the stock values: notes, not warnings.
        #expect(
            report.notes.map(\.key) == [
                "client.rm.tccActionInterceptorOrder", "client.tm.interceptorOrder", "server.raft.serialization",
                "tcc.fence.cleanPeriod", "tcc.fence.logTableName", "transport.threadFactory.shareBossWorker",
            ]
        )
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func stockConfigAsClientConfigHasTheSameThreeWarnings() throws {
        let values = try PropertiesParser.parse(TestPaths.bytes(TestPaths.seataFixture), source: "config.txt").values()
        let report = validator.validate(values, side: .client)
        #expect(report.isValid)
        #expect(report.warnings.count == 3)
    }

    @Test(arguments: KeySide.allCases)
    func defaultConfigIsClean(side: KeySide) throws {
        let values = try PropertiesParser.parse(contentsOfFile: TestPaths.defaultConfig.path).values()
        let report = validator.validate(values, side: side)
        #expect(report.problems.isEmpty, "\(report.render(format: .text))")
    }
}
