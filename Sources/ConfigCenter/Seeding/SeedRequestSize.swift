public import ZooKeeper

/// Request sizes as the server counts them against `jute.maxbuffer`, so a plan can be checked
/// and cut into multis before anything is sent.
///
/// The framing mirrors the client's own check (its `RequestSize`, which stays internal to the
/// `ZooKeeper` module): a request larger than the limit is refused by the client with
/// `.requestTooLarge`, and by the server with a dropped connection.
public enum SeedRequestSize {
    /// The server's default `jute.maxbuffer`: 1 MiB less one byte.
    public static let defaultLimit = 1_048_575

    private static let header = 8  // xid + type
    private static let multiHeader = 4 + 1 + 4  // type, done, err

    private static func string(_ text: String) -> Int { 4 + text.utf8.count }

    private static func acl(_ entries: [ACLEntry]) -> Int {
        4 + entries.reduce(0) { $0 + 4 + string($1.scheme) + string($1.id) }
    }

    /// A single create request.
    public static func create(path: String, dataCount: Int, acl entries: [ACLEntry]) -> Int {
        header + string(path) + 4 + dataCount + acl(entries) + 4
    }

    /// What a multi with no operations costs.
    public static let emptyMulti = header + multiHeader

    /// What one operation adds to a multi.
    public static func inMulti(_ operation: MultiOperation) -> Int {
        let body: Int =
            switch operation {
            case .create(let path, let data, let entries, _): string(path) + 4 + data.count + acl(entries) + 4
            case .set(let path, let data, _): string(path) + 4 + data.count + 4
            case .delete(let path, _), .check(let path, _): string(path) + 4
            }
        return multiHeader + body
    }

    /// The largest value that fits one create of `path` with `acl` under `limit`.
    public static func largestValue(path: String, acl entries: [ACLEntry], limit: Int = defaultLimit) -> Int {
        limit - create(path: path, dataCount: 0, acl: entries)
    }
}
