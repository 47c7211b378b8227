/// The type of a configuration value; values are strings everywhere, this says how to read one.
///
/// The raw value is the name used in `schema.json`.
public enum ValueType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Any text.
    case string
    /// A 32-bit integer as Java's `Integer.parseInt` reads it (optional sign, digits).
    case int
    /// A 64-bit integer as Java's `Long.parseLong` reads it.
    case long
    /// `true` or `false`, in any case. (Seata reads anything else as false, silently.)
    case bool
    /// A duration in milliseconds, written as an integer (`-1` often means "no limit").
    case durationMilliseconds = "duration-ms"
    /// A Seata duration string: `500ms`, `30s`, `5m`, `1h`, `7d`, an ISO-8601 `PT1H`, or plain milliseconds.
    case duration
    /// A data size: bytes, or with a unit `k`, `m`, `g`, `t` (`64k`).
    case size
    /// One of the `values` listed for the key, compared without regard to case, as Seata does.
    case enumeration = "enum"
    /// An integer, or one of the keywords in `values` (`transport.threadFactory.workerThreadSize=default`).
    case intOrKeyword = "int-or-keyword"
    /// A host name or IP address.
    case host
    /// A TCP port, 1 to 65535.
    case port
    /// `host:port` (an IPv6 host in brackets: `[::1]:8091`).
    case hostPort = "host-port"
    /// `host:port` items separated by `,` or `;` (Seata's grouplist and raft addresses).
    case hostPortList = "host-port-list"
    /// A URL with a scheme, JDBC URLs included (`jdbc:mysql://host:3306/db?a=b`).
    case url
    /// A file system path.
    case path
    /// Comma-separated items; with `values`, each item must be one of them.
    case list

    /// The name used in `schema.json`.
    public var description: String { rawValue }
}
