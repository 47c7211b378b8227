import DatabaseStore
import Testing

struct JDBCURLTests {
    @Test func readsHostPortDatabaseAndParameters() throws {
        let url = try JDBCURL(parsing: "jdbc:postgresql://db.example:6432/seata?sslmode=require&ApplicationName=tc%201")
        #expect(url.host == "db.example")
        #expect(url.port == 6432)
        #expect(url.database == "seata")
        #expect(url.sslMode == .require)
        #expect(url.parameter("ApplicationName") == "tc 1")
        #expect(url.endpoint == "db.example:6432")
    }

    @Test func defaultsPortAndDatabaseAsPostgreSQLDoes() throws {
        let url = try JDBCURL(parsing: "jdbc:postgresql://127.0.0.1")
        #expect(url.port == 5432)
        #expect(url.database == nil)
        #expect(url.sslMode == .prefer)
    }

    @Test func readsBracketedIPv6Hosts() throws {
        let url = try JDBCURL(parsing: "jdbc:postgresql://[::1]:5433/seata")
        #expect(url.host == "::1")
        #expect(url.port == 5433)
        #expect(url.endpoint == "[::1]:5433")
    }

    @Test func sslTrueMeansVerifyFullAsInPgJDBC() throws {
        #expect(try JDBCURL(parsing: "jdbc:postgresql://h/d?ssl=true").sslMode == .verifyFull)
        #expect(try JDBCURL(parsing: "jdbc:postgresql://h/d?ssl=false").sslMode == .disable)
        #expect(try JDBCURL(parsing: "jdbc:postgresql://h/d?connectTimeout=2").connectTimeout == .seconds(2))
    }

    @Test(arguments: [
        ("jdbc:mysql://127.0.0.1:3306/seata", "jdbc:mysql URL"),
        ("postgresql://127.0.0.1/seata", "does not start with jdbc:postgresql://"),
        ("jdbc:postgresql://a:5432,b:5432/seata", "several hosts"),
        ("jdbc:postgresql://127.0.0.1:99999/seata", "port '99999'"),
        ("jdbc:postgresql://127.0.0.1/seata?sslmode=sometimes", "sslmode=sometimes"),
        ("jdbc:postgresql://127.0.0.1/seata?reWriteBatchedInserts=true", "parameter reWriteBatchedInserts"),
        ("jdbc:postgresql://127.0.0.1/seata?password=hunter2", "parameter password"),
        ("jdbc:postgresql://user:pw@127.0.0.1/seata", "credentials"),
    ])
    func refusesWhatItCannotHonourByName(url: String, named: String) {
        do {
            _ = try JDBCURL(parsing: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.problem.contains(named), "\(error.problem)")
            // A refused URL's text never repeats a secret it carried.
            #expect(!error.problem.contains("hunter2"))
            #expect(!error.problem.contains(":pw@"))
        }
    }

    @Test func unknownParametersListWhatIsHonoured() {
        do {
            _ = try JDBCURL(parsing: "jdbc:postgresql://h/d?socketTimeout=5")
            Issue.record("accepted")
        } catch {
            for name in JDBCURL.honouredParameters.map(\.name) { #expect(error.problem.contains(name)) }
        }
    }

    @Test func plainTableNamesOnly() {
        #expect(TableNames.isPlainIdentifier("global_table"))
        #expect(TableNames.isPlainIdentifier("seata.global_table"))
        #expect(!TableNames.isPlainIdentifier("global_table; DROP TABLE x"))
        #expect(!TableNames.isPlainIdentifier("vgroup-table"))
        #expect(!TableNames.isPlainIdentifier(""))
        #expect(!TableNames.isPlainIdentifier("a.b.c"))
    }

    @Test func settingsDescriptionNeverShowsThePassword() throws {
        let settings = DatabaseSettings(
            url: try JDBCURL(parsing: "jdbc:postgresql://127.0.0.1:5432/seata"),
            user: "tc",
            password: "pa55-word-never-shown"
        )
        #expect(!"\(settings)".contains("pa55-word-never-shown"))
        #expect("\(settings)" == "postgresql tc@127.0.0.1:5432/seata")
    }
}
