import ConfigCenter
import Testing

/// Seata's stock config.txt and the project's default config, validated against the schema.
@Suite struct SeataFixtureValidationTests {
    private let validator: ConfigValidator

    init() throws {
        validator = ConfigValidator(schema: try Schemas.repository())
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func stockConfigHasExactlyTheThreeDriftKeysAsErrors() throws {
        let values = try PropertiesParser.parse(TestPaths.bytes(TestPaths.seataFixture), source: "config.txt").values()
        let report = validator.validate(values, side: .server)
        #expect(report.errors.count == 3)
        #expect(report.warnings.isEmpty)
        #expect(
            report.errors.map(\.key) == [
                "server.raft.server-addr", "server.recovery.asynCommittingRetryPeriod", "store.db.vgroupTable",
            ]
        )
        #expect(report.errors.allSatisfy { $0.kind == .renamedKey })
        #expect(
            report.errors.map(\.suggestion) == [
                "rename it to server.raft.serverAddr", "rename it to server.recovery.asyncCommittingRetryPeriod",
                "remove it",
            ]
        )
        #expect(
            report.errors.map(\.origin) == [
                .file(path: "config.txt", line: 152), .file(path: "config.txt", line: 138),
                .file(path: "config.txt", line: 116),
            ]
        )
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func stockConfigAsClientConfigHasTheSameThreeErrors() throws {
        let values = try PropertiesParser.parse(TestPaths.bytes(TestPaths.seataFixture), source: "config.txt").values()
        let report = validator.validate(values, side: .client)
        #expect(report.errors.count == 3)
        #expect(report.warnings.isEmpty)
    }

    @Test(arguments: KeySide.allCases)
    func defaultConfigIsClean(side: KeySide) throws {
        let values = try PropertiesParser.parse(contentsOfFile: TestPaths.defaultConfig.path).values()
        let report = validator.validate(values, side: side)
        #expect(report.problems.isEmpty, "\(report.render(format: .text))")
    }
}
