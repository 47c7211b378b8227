import ConfigCenter
import Testing

@Suite struct ValueTypeTests {
    private func accepts(
        _ type: ValueType,
        _ raw: String,
        values: [String]? = nil,
        min: Int64? = nil,
        max: Int64? = nil
    )
        -> Bool
    {
        let spec = KeySpec(name: "k", type: type, allowedValues: values, min: min, max: max)
        if case .success = spec.parse(raw) { return true }
        return false
    }

    @Test func integersReadAsJavaReadsThem() {
        #expect(accepts(.int, "30000"))
        #expect(accepts(.int, "-2147482648"))
        #expect(accepts(.int, "+5"))
        #expect(!accepts(.int, "2147483648"))
        #expect(accepts(.long, "2147483648"))
        #expect(!accepts(.int, "abc"))
        #expect(!accepts(.int, "1.5"))
        #expect(!accepts(.int, "30000 "))
        #expect(!accepts(.int, "0x10"))
        #expect(accepts(.durationMilliseconds, "-1", min: -1))
        #expect(!accepts(.durationMilliseconds, "-2", min: -1))
    }

    @Test func typedValuesComeBack() {
        #expect(KeySpec(name: "k", type: .int).parse("42") == .success(.integer(42)))
        #expect(KeySpec(name: "k", type: .bool).parse("TRUE") == .success(.bool(true)))
        #expect(KeySpec(name: "k", type: .duration).parse("1h") == .success(.duration(.seconds(3600))))
        #expect(KeySpec(name: "k", type: .duration).parse("PT1H30M") == .success(.duration(.seconds(5400))))
        #expect(KeySpec(name: "k", type: .duration).parse("250") == .success(.duration(.milliseconds(250))))
        #expect(KeySpec(name: "k", type: .size).parse("64k") == .success(.size(65536)))
        #expect(
            KeySpec(name: "k", type: .enumeration, allowedValues: ["file", "db"]).parse("DB")
                == .success(.keyword("db"))
        )
        #expect(
            KeySpec(name: "k", type: .intOrKeyword, allowedValues: ["default"]).parse("default")
                == .success(.keyword("default"))
        )
        #expect(KeySpec(name: "k", type: .intOrKeyword, allowedValues: ["default"]).parse("8") == .success(.integer(8)))
        #expect(
            KeySpec(name: "k", type: .hostPortList, itemSeparators: ",;").parse("127.0.0.1:7091,[::1]:7092;h:1")
                == .success(
                    .hostPorts([
                        HostPort(host: "127.0.0.1", port: 7091), HostPort(host: "::1", port: 7092),
                        HostPort(host: "h", port: 1),
                    ])
                )
        )
        // Items are split as Seata splits them, never trimmed.
        #expect(KeySpec(name: "k", type: .list).parse("prometheus, x") == .success(.list(["prometheus", " x"])))
    }

    @Test func booleansAreOnlyTrueOrFalse() {
        #expect(accepts(.bool, "true"))
        #expect(accepts(.bool, "False"))
        #expect(!accepts(.bool, "yes"))
        #expect(!accepts(.bool, "1"))
    }

    @Test func durationsFollowSeata() {
        for good in ["1h", "30s", "7d", "500ms", "5m", "-1s", "100", "PT1H", "P2D", "PT0.5S", "-PT1M"] {
            #expect(accepts(.duration, good), "\(good)")
        }
        for bad in ["1w", "1H", "h", "1 h", "PT", "P", "1.5h"] {
            #expect(!accepts(.duration, bad), "\(bad)")
        }
    }

    @Test func sizesHaveOptionalUnits() {
        for good in ["64k", "64K", "16384", "1m", "2g", "1t", "10b"] {
            #expect(accepts(.size, good), "\(good)")
        }
        for bad in ["64kb", "k", "-1", "1.5m"] {
            #expect(!accepts(.size, bad), "\(bad)")
        }
    }

    @Test func addressesAndURLs() {
        #expect(accepts(.host, "127.0.0.1"))
        #expect(accepts(.host, "redis.internal"))
        #expect(accepts(.host, "::1"))
        #expect(!accepts(.host, "bad host"))
        #expect(accepts(.port, "6379"))
        #expect(!accepts(.port, "0"))
        #expect(!accepts(.port, "65536"))
        #expect(accepts(.hostPort, "127.0.0.1:8091"))
        #expect(accepts(.hostPort, "[fe80::1]:8091"))
        #expect(!accepts(.hostPort, "127.0.0.1"))
        #expect(!accepts(.hostPort, "127.0.0.1:99999"))
        #expect(accepts(.hostPortList, "127.0.0.1:7091,127.0.0.1:7092,127.0.0.1:7093"))
        #expect(!accepts(.hostPortList, "127.0.0.1:7091,"))
        #expect(accepts(.url, "jdbc:mysql://127.0.0.1:3306/seata?useUnicode=true&rewriteBatchedStatements=true"))
        #expect(accepts(.url, "jdbc:oracle:thin:@127.0.0.1:1521:orcl"))
        #expect(accepts(.url, "redis://h:6379/0"))
        #expect(!accepts(.url, "not a url"))
        #expect(!accepts(.url, "127.0.0.1:3306"))
        #expect(accepts(.path, "file_store/data"))
    }

    @Test func allowedValuesAndRanges() {
        #expect(accepts(.enumeration, "raft", values: ["file", "db", "redis", "raft"]))
        #expect(!accepts(.enumeration, "mysql", values: ["file", "db"]))
        #expect(accepts(.int, "65535", min: 1, max: 65535))
        #expect(!accepts(.int, "0", min: 1, max: 65535))
        #expect(accepts(.list, "prometheus", values: ["prometheus"]))
        #expect(!accepts(.list, "prometheus,graphite", values: ["prometheus"]))
    }

    @Test func errorsSayWhatWasExpectedWithoutTheValue() {
        let spec = KeySpec(name: "k", type: .int, min: 1, max: 65535)
        guard case .failure(let wrong) = spec.parse("abc"), case .failure(let range) = spec.parse("0") else {
            Issue.record("expected failures")
            return
        }
        #expect(wrong.message(shown: "'abc'") == "expected an integer from 1 to 65535, got 'abc'")
        #expect(range.message(shown: "'0'") == "'0' is not allowed; expected an integer from 1 to 65535")
        guard case .failure(let padded) = spec.parse(" 80 ") else {
            Issue.record("expected a failure")
            return
        }
        #expect(padded.kind == .surroundingWhitespace)
        #expect(padded.fitsWhenTrimmed)
    }
}
