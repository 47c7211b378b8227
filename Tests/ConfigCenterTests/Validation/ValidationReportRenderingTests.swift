import ConfigCenter
import Foundation
import Testing

@Suite struct ValidationReportRenderingTests {
    private func report() throws -> ValidationReport {
        let validator = ConfigValidator(schema: try Schemas.repository())
        return validator.validate(
            .lines(
                ["store.lock.mode": "db", "store.mdoe": "file", "server.undo.logSaveDays": ""],
                file: "Config/config.txt"
            ),
            side: .server
        )
    }

    @Test func textHasACountThenOneLinePerProblem() throws {
        let text = try report()
            .render(
                format: .text,
                context: ReportContext(subject: "ZooKeeper 127.0.0.1:2181 under /seata") { "no znode /seata/\($0)" }
            )
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "ZooKeeper 127.0.0.1:2181 under /seata: 6 errors, 2 warnings")
        #expect(lines.count == 9)
        #expect(
            lines.contains(
                "warning: server.undo.logSaveDays (Config/config.txt:3): empty, so the default 7 applies; set a value, or remove the key"
            )
        )
        #expect(
            lines.contains(
                "error: store.db.url: required when store.lock.mode=db, but missing; set store.db.url, or change store.lock.mode"
            )
        )
        #expect(
            lines.contains(
                "warning: store.mdoe (Config/config.txt:2): unknown key; did you mean store.mode?; rename it to store.mode"
            )
        )
        #expect(
            lines.contains(
                "error: store.mode: missing (no znode /seata/store.mode); set it to one of file, db, redis, raft"
            )
        )
    }

    @Test func textOfAValidConfigSaysSo() {
        #expect(ValidationReport(problems: []).render(format: .text) == "configuration: valid, no problems\n")
    }

    @Test func jsonHasStableFieldsWithNulls() throws {
        let json = try report().render(format: .json, context: ReportContext(subject: "Config/config.txt"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["subject"] as? String == "Config/config.txt")
        #expect(object["valid"] as? Bool == false)
        #expect(object["errorCount"] as? Int == 6)
        #expect(object["warningCount"] as? Int == 2)
        #expect(object["noteCount"] as? Int == 0)
        #expect(object["listing"] is NSNull)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 8)
        for problem in problems {
            #expect(
                Set(problem.keys) == [
                    "key", "kind", "severity", "message", "origin", "suggestion", "suggestedKey", "condition", "fix",
                ]
            )
        }
        let unknown = try #require(problems.first { $0["key"] as? String == "store.mdoe" })
        #expect(unknown["kind"] as? String == "unknownKey")
        #expect(unknown["severity"] as? String == "warning")
        #expect(unknown["origin"] as? String == "Config/config.txt:2")
        #expect(unknown["suggestedKey"] as? String == "store.mode")
        #expect(unknown["condition"] is NSNull)
        let missing = try #require(problems.first { $0["key"] as? String == "store.mode" })
        #expect(missing["origin"] is NSNull)
        #expect(missing["message"] as? String == "missing")
        let condition = try #require(problems.first { $0["key"] as? String == "store.db.url" })
        #expect(condition["condition"] as? String == "store.lock.mode=db")
    }
}
