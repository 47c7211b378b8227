/// The text forms of typed values, following what Seata's Java code accepts.
enum ValueSyntax {
    /// An integer as `Integer.parseInt`/`Long.parseLong` read it: optional sign, ASCII digits, in range.
    static func integer(_ text: String, bits: Int) -> Int64? {
        guard (try? /[+-]?[0-9]+/.wholeMatch(in: text)) != nil, let value = Int64(text) else {
            return nil
        }
        if bits == 32, value < Int64(Int32.min) || value > Int64(Int32.max) {
            return nil
        }
        return value
    }

    /// A duration as Seata's `DurationUtil.parse` reads it: `<n>ms|s|m|h|d`, ISO-8601 (`PT1H30M`,
    /// `P2D`), or a plain integer of milliseconds.
    static func duration(_ text: String) -> Duration? {
        if let match = try? /([+-]?[0-9]+)(ms|s|m|h|d)/.wholeMatch(in: text), let count = Int64(match.1) {
            let (result, overflow) = count.multipliedReportingOverflow(by: millisecondsPer(match.2))
            return overflow ? nil : .milliseconds(result)
        }
        if text.first == "P" || text.first == "p" || text.dropFirst().first == "P" || text.dropFirst().first == "p" {
            return isoDuration(text)
        }
        return integer(text, bits: 32).map { .milliseconds($0) }
    }

    private static func millisecondsPer(_ unit: Substring) -> Int64 {
        switch unit {
        case "ms": 1
        case "s": 1000
        case "m": 60_000
        case "h": 3_600_000
        default: 86_400_000
        }
    }

    /// The subset of `java.time.Duration.parse` forms: `[-+]P[nD][T[nH][nM][n[.f]S]]`.
    private static func isoDuration(_ text: String) -> Duration? {
        let pattern =
            /([-+]?)[Pp](?:([-+]?[0-9]+)[Dd])?(?:[Tt](?:([-+]?[0-9]+)[Hh])?(?:([-+]?[0-9]+)[Mm])?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?[Ss])?)?/
        guard let match = try? pattern.wholeMatch(in: text) else { return nil }
        let (_, sign, days, hours, minutes, seconds, fraction) = match.output
        guard days != nil || hours != nil || minutes != nil || seconds != nil else { return nil }
        // A "T" with nothing after it is refused by Java too.
        if text.lowercased().hasSuffix("t") { return nil }
        var total = Duration.zero
        if let days, let n = Int64(days) { total += .seconds(n * 86_400) }
        if let hours, let n = Int64(hours) { total += .seconds(n * 3_600) }
        if let minutes, let n = Int64(minutes) { total += .seconds(n * 60) }
        if let seconds, let n = Int64(seconds) { total += .seconds(n) }
        if let fraction, !fraction.isEmpty, let n = Int64(fraction + String(repeating: "0", count: 9 - fraction.count))
        {
            total += (seconds?.first == "-" ? .nanoseconds(-n) : .nanoseconds(n))
        }
        return sign == "-" ? .zero - total : total
    }

    /// A size: digits with an optional unit `b`, `k`, `m`, `g`, `t` (any case), in bytes.
    static func size(_ text: String) -> Int64? {
        guard let match = try? /([0-9]+)([bBkKmMgGtT]?)/.wholeMatch(in: text), let count = Int64(match.1) else {
            return nil
        }
        let shift: Int64 =
            switch match.2.lowercased() {
            case "k": 10
            case "m": 20
            case "g": 30
            case "t": 40
            default: 0
            }
        let (result, overflow) = count.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : result
    }

    /// A host name (letters, digits, `-`, `_`, `.`), an IPv4 address, or an IPv6 address.
    static func isHost(_ text: String) -> Bool {
        if (try? /[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?/.wholeMatch(in: text)) != nil {
            return !text.contains("..")
        }
        return isIPv6(text)
    }

    private static func isIPv6(_ text: String) -> Bool {
        (try? /[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?/.wholeMatch(in: text)) != nil && text.contains(":")
    }

    /// A TCP port, 1 to 65535.
    static func port(_ text: String) -> Int? {
        guard (try? /[0-9]{1,5}/.wholeMatch(in: text)) != nil, let port = Int(text), (1...65535).contains(port) else {
            return nil
        }
        return port
    }

    /// `host:port`, or `[ipv6]:port`.
    static func hostPort(_ text: String) -> HostPort? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard isIPv6(host), rest.first == ":", let port = port(String(rest.dropFirst())) else { return nil }
            return HostPort(host: host, port: port)
        }
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard !host.contains(":"), isHost(host), let port = port(String(text[text.index(after: colon)...])) else {
            return nil
        }
        return HostPort(host: host, port: port)
    }

    /// A URL: a scheme (`jdbc`, `http`, `redis`, …), a colon, and more, without spaces or controls.
    static func isURL(_ text: String) -> Bool {
        (try? /[A-Za-z][A-Za-z0-9+.-]*:[^\s]+/.wholeMatch(in: text)) != nil
            && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
