/// A PostgreSQL JDBC URL as Seata's `store.db.url` holds it:
/// `jdbc:postgresql://host[:port]/database[?name=value&…]`.
///
/// Only what this store can honour is accepted: one host (pgjdbc's fail-over lists are refused,
/// since this store would silently use the first), and the parameters in `honouredParameters`;
/// any other parameter is refused by name rather than ignored.
public struct JDBCURL: Sendable, Hashable {
    /// The server's host name or address (an IPv6 address without its brackets).
    public var host: String
    /// The server's port (5432 when the URL names none).
    public var port: Int
    /// The database (nil: the server's default, the user's name).
    public var database: String?
    /// The parameters after `?`, decoded, in URL order.
    public var parameters: [(name: String, value: String)]

    /// The parameters this store acts on, with what each does.
    public static let honouredParameters: [(name: String, meaning: String)] = [
        ("sslmode", "disable, allow, prefer, require, verify-ca or verify-full, as libpq and pgjdbc"),
        ("ssl", "true is sslmode=verify-full (pgjdbc's meaning), false is sslmode=disable"),
        ("connectTimeout", "seconds to wait for a TCP connection (pgjdbc's unit)"),
        ("ApplicationName", "sent as application_name"),
        ("currentSchema", "sent as search_path: where the tables are looked for"),
    ]

    /// `host:port`, with brackets around an IPv6 address.
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The value of parameter `name`, if given (the last one wins, as in pgjdbc).
    public func parameter(_ name: String) -> String? {
        parameters.last { $0.name == name }?.value
    }

    /// Parses `text`.
    ///
    /// - Throws: `JDBCURLError` saying what is wrong and what a good URL looks like.
    public init(parsing text: String) throws(JDBCURLError) {
        let prefix = "jdbc:postgresql://"
        guard text.hasPrefix(prefix) else {
            if text.hasPrefix("jdbc:"), let colon = text.dropFirst(5).firstIndex(of: ":") {
                let kind = text[text.index(text.startIndex, offsetBy: 5)..<colon]
                throw JDBCURLError(
                    "is a jdbc:\(kind) URL; this coordinator's db store speaks PostgreSQL only (jdbc:postgresql://…)"
                )
            }
            throw JDBCURLError("does not start with \(prefix)")
        }
        var rest = Substring(text.dropFirst(prefix.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let authority: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
        }
        guard !authority.isEmpty else { throw JDBCURLError("names no host (jdbc:postgresql://HOST:PORT/DATABASE)") }
        if authority.contains(",") {
            throw JDBCURLError(
                "names several hosts (\(authority)); this store connects to one server: put a single host:port, or a proxy's"
            )
        }
        if authority.contains("@") {
            throw JDBCURLError("carries credentials; put them in store.db.user and store.db.password instead")
        }
        let (host, port) = try Self.hostAndPort(authority)
        self.host = host
        self.port = port
        let name = try Self.decode(path, what: "database name")
        if name.contains("/") { throw JDBCURLError("has a database name with a '/' in it: '\(name)'") }
        database = name.isEmpty ? nil : name
        var parameters: [(String, String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0], what: "parameter name")
            let value = parts.count > 1 ? try Self.decode(parts[1], what: "value of \(key)") : ""
            parameters.append((key, value))
        }
        self.parameters = parameters
        try validateParameters()
    }

    private func validateParameters() throws(JDBCURLError) {
        let known = Set(Self.honouredParameters.map(\.name))
        for (name, value) in parameters {
            guard known.contains(name) else {
                throw JDBCURLError(
                    "has parameter \(name), which this store does not honour (it honours \(Self.honouredParameters.map(\.name).joined(separator: ", "))); remove it"
                )
            }
            switch name {
            case "sslmode":
                guard SSLMode(rawValue: value) != nil else {
                    throw JDBCURLError(
                        "has sslmode=\(value); use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            case "ssl":
                guard value == "true" || value == "false" else {
                    throw JDBCURLError("has ssl=\(value); use true or false")
                }
            case "connectTimeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 3600 else {
                    throw JDBCURLError("has connectTimeout=\(value); give a number of seconds above 0")
                }
            default:
                break
            }
        }
    }

    /// The TLS mode the URL asks for (`prefer` when it says nothing, as libpq and pgjdbc).
    public var sslMode: SSLMode {
        if let mode = parameter("sslmode").flatMap(SSLMode.init(rawValue:)) { return mode }
        if let ssl = parameter("ssl") { return ssl == "true" ? .verifyFull : .disable }
        return .prefer
    }

    /// `connectTimeout`, when the URL gives one.
    public var connectTimeout: Duration? {
        parameter("connectTimeout").flatMap(Double.init).map { .milliseconds(Int64($0 * 1000)) }
    }

    private static func hostAndPort(_ authority: Substring) throws(JDBCURLError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw JDBCURLError("has an IPv6 host without its closing ']'")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw JDBCURLError("has '\(after)' after the IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw JDBCURLError("names no host (jdbc:postgresql://HOST:PORT/DATABASE)") }
        guard let portText else { return (String(host), 5432) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw JDBCURLError("has port '\(portText)', which is not a port number (1–65535)")
        }
        return (String(host), port)
    }

    private static func decode(_ text: Substring, what: String) throws(JDBCURLError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first != utf8.endIndex, utf8.index(after: first) != utf8.endIndex,
                    let high = hexValue(utf8[first]), let low = hexValue(utf8[utf8.index(after: first)])
                else { throw JDBCURLError("has a bad %-escape in the \(what)") }
                bytes.append(high << 4 | low)
                index = utf8.index(first, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw JDBCURLError("has a %-escape that is not UTF-8 in the \(what)")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Equal when every part is.
    public static func == (lhs: JDBCURL, rhs: JDBCURL) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.database == rhs.database
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }

    /// Hashes every part.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(database)
        for (name, value) in parameters {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}

/// libpq's `sslmode` values.
public enum SSLMode: String, Sendable, Hashable, CaseIterable {
    /// Plain TCP only.
    case disable
    /// Plain first; this store then behaves as `prefer` (postgres-nio has no plain-then-TLS retry).
    case allow
    /// TLS when the server offers it, unverified; plain otherwise.
    case prefer
    /// TLS or fail; the certificate is not verified (libpq's meaning without a root certificate).
    case require
    /// TLS or fail; the certificate must chain to a trusted root, any host name.
    case verifyCA = "verify-ca"
    /// TLS or fail; trusted certificate for the host name in the URL.
    case verifyFull = "verify-full"
}

/// `store.db.url` cannot be used.
public struct JDBCURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with it.
    public var problem: String

    init(_ problem: String) { self.problem = problem }

    /// The problem, as a sentence fragment after the URL's name.
    public var description: String { problem }
}
