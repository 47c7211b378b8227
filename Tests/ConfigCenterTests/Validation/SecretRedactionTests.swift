import ConfigCenter
import Testing

/// Secret values never appear in a report, in any format.
@Suite struct SecretRedactionTests {
    @Test func secretValuesNeverAppear() throws {
        let validator = ConfigValidator(schema: try Schemas.repository())
        let secret = "s3cr3t-p4ss"
        let values = ConfigValues.lines([
            "store.mode": "db",
            "store.db.password": secret,
            "store.redis.password": secret,
            "store.publicKey": secret,
            "store.db.passwrod": secret,  // a typo of a secret key: unknown, value still hidden
            "my.api.token": secret,
        ])
        let report = validator.validate(values, side: .server)
        #expect(!report.problems.isEmpty)
        for format in ReportFormat.allCases {
            let rendered = report.render(format: format)
            #expect(!rendered.contains(secret), "\(format)")
        }
        for problem in report.problems {
            #expect(!problem.message.contains(secret))
            #expect(!(problem.suggestion ?? "").contains(secret))
        }
    }

    @Test func aSecretOfTheWrongTypeIsShownRedacted() throws {
        let schema = try Schemas.fromJSON(
            #"{"properties": [{"name": "pin", "type": "int", "secret": true}]}"#
        )
        let report = ConfigValidator(schema: schema).validate(.lines(["pin": "12ab"]), side: .server)
        #expect(report.problems.map { $0.summary() } == ["pin: expected an integer, got <redacted>"])
    }
}
