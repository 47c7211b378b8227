import ConfigCenter
import Foundation
import Testing

/// Seata's stock config.txt, read from the shared fixtures (skipped when they are absent).
@Suite(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
struct SeataFixtureParsingTests {
    private func document() throws -> PropertiesDocument {
        try PropertiesParser.parse(TestPaths.bytes(TestPaths.seataFixture), source: "config.txt")
    }

    @Test func has127EntriesAnd126DistinctKeys() throws {
        let document = try document()
        #expect(document.entries.count == 127)
        #expect(document.values().count == 126)
    }

    @Test func theRepeatedKeyIsAWarningNamingBothLines() throws {
        let warnings = try document().warnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.key == "client.rm.sqlParserType")
        #expect(warnings.first?.previousLine == 58)
        #expect(warnings.first?.line == 63)
    }

    @Test func valuesAreExact() throws {
        let values = try document().values()
        #expect(
            values["store.db.url"]?.value
                == "jdbc:mysql://127.0.0.1:3306/seata?useUnicode=true&rewriteBatchedStatements=true"
        )
        #expect(values["server.maxCommitRetryTimeout"]?.value == "-1")
        #expect(values["server.maxRollbackRetryTimeout"]?.value == "-1")
        #expect(values["client.rm.tccActionInterceptorOrder"]?.value == "-2147482648")
        #expect(values["client.tm.interceptorOrder"]?.value == "-2147482648")
        #expect(values["server.raft.server-addr"]?.value == "127.0.0.1:7091,127.0.0.1:7092,127.0.0.1:7093")
        #expect(values["transport.threadFactory.workerThreadSize"]?.value == "default")
        #expect(values["store.mode"] == SourcedValue("file", origin: .file(path: "config.txt", line: 90)))
        #expect(values["metrics.exporterPrometheusPort"]?.value == "9898")
    }

    @Test func emptyValuesAreEmpty() throws {
        let values = try document().values()
        let empty = values.filter { $0.value.value.isEmpty }.map(\.key)
        #expect(
            empty
                == [
                    "store.publicKey", "store.redis.password", "store.redis.sentinel.masterName",
                    "store.redis.sentinel.sentinelHosts", "store.redis.sentinel.sentinelPassword",
                ]
                .sorted()
        )
    }

    @Test func everyValueHasNoStrayWhitespace() throws {
        for (key, value) in try document().values() {
            #expect(value.value == value.value.trimmingCharacters(in: .whitespaces), "\(key)")
        }
    }
}
