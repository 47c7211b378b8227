/// Where a coordinator listens for transactions: `host:port`, as in Seata's grouplist and in the
/// first part of every xid (`10.0.0.5:8091:4213`).
public struct CoordinatorAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address (IPv6 without brackets).
    public var host: String
    /// The transaction port (Seata's default 8091).
    public var port: Int

    /// Makes an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (IPv6 as `[::1]:8091`).
    ///
    /// - Throws: ``SeataClientError/Code/invalidAddress`` naming the text and the expected shape.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingSpaces
        var host: Substring
        var portText: Substring
        if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            guard rest.hasPrefix(":") else { throw Self.invalid(text) }
            portText = rest.dropFirst()
        } else {
            guard let colon = trimmed.lastIndex(of: ":") else { throw Self.invalid(text) }
            host = trimmed[..<colon]
            portText = trimmed[trimmed.index(after: colon)...]
            if host.contains(":") { throw Self.invalid(text) }
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else { throw Self.invalid(text) }
        self.init(host: String(host), port: port)
    }

    /// `host:port` (`[host]:port` for IPv6), as xids write it.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func invalid(_ text: String) -> SeataClientError {
        SeataClientError(
            .invalidAddress,
            message: "'\(text)' is not a coordinator address: write host:port, for example 127.0.0.1:8091"
        )
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (no Foundation).
    var trimmingSpaces: Substring {
        let text = self[...]
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
            let last = text.lastIndex(where: { !isSpace($0) })
        else { return Substring() }
        return Substring(text[first...last])
    }
}
