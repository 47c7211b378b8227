/// A configuration value read by its key's type, for consumers that want more than text.
public enum TypedValue: Sendable, Hashable {
    /// Text (`string`, and `host`, `url`, `path` keep their text).
    case string(String)
    /// A whole number (`int`, `long`, `port`, `duration-ms` keep their number here).
    case integer(Int64)
    /// A boolean.
    case bool(Bool)
    /// A Seata duration string, converted.
    case duration(Duration)
    /// A data size in bytes.
    case size(Int64)
    /// One of the allowed words (`enum`, or the keyword of `int-or-keyword`), spelled as the schema spells it.
    case keyword(String)
    /// One `host:port`.
    case hostPort(HostPort)
    /// A list of `host:port`.
    case hostPorts([HostPort])
    /// A list of items.
    case list([String])
}

/// A host and a port, as in `127.0.0.1:8091`.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address (an IPv6 address without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Makes a host and port.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
