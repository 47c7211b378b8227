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

/// Credentials inside values that are not secrets themselves.
@Suite struct CredentialMaskTests {
    @Test func urlPasswordsAndPasswordParametersAreMaskedAndTheRestKept() {
        let cases: [(String, String)] = [
            ("redis://:pw@cache:6379/0", "redis://:<redacted>@cache:6379/0"),
            ("mysql://user:pw@db:3306/seata", "mysql://user:<redacted>@db:3306/seata"),
            (
                "jdbc:mysql://h:3306/seata?user=u&password=pw&useSSL=false",
                "jdbc:mysql://h:3306/seata?user=u&password=<redacted>&useSSL=false"
            ),
            (
                "jdbc:sqlserver://h;databaseName=s;user=u;Password=pw;",
                "jdbc:sqlserver://h;databaseName=s;user=u;Password=<redacted>;"
            ),
            ("a=1&token=t0k&b=2", "a=1&token=<redacted>&b=2"),
            (
                "jdbc:mysql://127.0.0.1:3306/seata?rewriteBatchedStatements=true",
                "jdbc:mysql://127.0.0.1:3306/seata?rewriteBatchedStatements=true"
            ),
            ("user@host", "user@host"),
            ("https://example.com/a?b=c", "https://example.com/a?b=c"),
            ("password=", "password="),
        ]
        for (value, masked) in cases {
            #expect(CredentialMask.mask(value) == masked, "\(value)")
        }
    }

    @Test func theSchemaMasksCredentialsInEveryKeyAndValidationNeverShowsThem() throws {
        let schema = try Schemas.repository()
        #expect(
            schema.redact(key: "store.db.url", value: "jdbc:x://h/d?password=pw") == "jdbc:x://h/d?password=<redacted>"
        )
        let report = ConfigValidator(schema: schema)
            .validate(
                .lines(["store.mode": "file", "store.db.url": " jdbc:mysql://h/d?password=pw-xyz"]),
                side: .server
            )
        #expect(!report.problems.isEmpty)
        for format in ReportFormat.allCases { #expect(!report.render(format: format).contains("pw-xyz")) }
        #expect(report.problems.allSatisfy { $0.fix.allSatisfy { !$0.subcommand.contains("pw-xyz") } })
    }
}
