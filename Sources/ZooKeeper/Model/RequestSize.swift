/// The size of a request as the server measures it against `jute.maxbuffer`: the frame after
/// its 4-byte length prefix.
///
/// The server drops the connection for a larger request (failing every request in flight on
/// it), so the client refuses one first and says why. Public so that callers can plan: cut a
/// large change into multis that fit, or tell a person the largest value a key may hold.
public enum RequestSize {
    /// The server's default `jute.maxbuffer`: 1 MiB less one byte.
    public static let defaultLimit = 1_048_575

    private static let header = 8  // xid + type
    private static let multiHeader = 4 + 1 + 4  // type, done, err

    private static func string(_ s: String) -> Int { 4 + s.utf8.count }

    private static func acl(_ entries: [ACLEntry]) -> Int {
        4 + entries.reduce(0) { $0 + 4 + string($1.scheme) + string($1.id) }
    }

    /// A create of `path` holding `dataCount` bytes.
    public static func create(path: String, dataCount: Int, acl entries: [ACLEntry]) -> Int {
        header + string(path) + 4 + dataCount + acl(entries) + 4
    }

    /// A set of `path` to `dataCount` bytes.
    public static func set(path: String, dataCount: Int) -> Int {
        header + string(path) + 4 + dataCount + 4
    }

    /// What a multi with no operations costs.
    public static let emptyMulti = header + multiHeader

    /// What one operation adds to a multi.
    public static func inMulti(_ operation: MultiOperation) -> Int {
        let body: Int =
            switch operation {
            case .create(let path, let data, let entries, _):
                create(path: path, dataCount: data.count, acl: entries) - header
            case .set(let path, let data, _): set(path: path, dataCount: data.count) - header
            case .delete(let path, _), .check(let path, _): string(path) + 4
            }
        return multiHeader + body
    }

    /// A whole multi.
    public static func multi(_ operations: [MultiOperation]) -> Int {
        operations.reduce(emptyMulti) { $0 + inMulti($1) }
    }

    /// The largest value that fits one create of `path` with `acl` under `limit`.
    public static func largestValue(path: String, acl entries: [ACLEntry], limit: Int = defaultLimit) -> Int {
        limit - create(path: path, dataCount: 0, acl: entries)
    }
}

extension SessionCore {
    func checkSize(_ size: Int, path: String, dataCount: Int) throws {
        guard size > maxRequestBytes else { return }
        throw error(
            .requestTooLarge,
            path: path,
            detail:
                "the value is \(dataCount) bytes and the request \(size) bytes, over the server's limit of \(maxRequestBytes) bytes (jute.maxbuffer); nothing was written"
        )
    }
}
