/// The size of a request as the server measures it against `jute.maxbuffer`: the frame after
/// its 4-byte length prefix.
///
/// The server drops the connection for a larger one (every request
/// in flight on it then fails), so the client refuses it first and says why.
enum RequestSize {
    private static let header = 8  // xid + type
    private static func string(_ s: String) -> Int { 4 + s.utf8.count }
    private static func buffer(_ b: [UInt8]) -> Int { 4 + b.count }
    private static func acl(_ entries: [ACLEntry]) -> Int {
        4 + entries.reduce(0) { $0 + 4 + string($1.scheme) + string($1.id) }
    }

    static func create(path: String, data: [UInt8], acl entries: [ACLEntry]) -> Int {
        header + string(path) + buffer(data) + acl(entries) + 4
    }

    static func set(path: String, data: [UInt8]) -> Int {
        header + string(path) + buffer(data) + 4
    }

    static func multi(_ operations: [MultiOperation]) -> Int {
        let multiHeader = 4 + 1 + 4  // type, done, err
        return operations.reduce(header + multiHeader) { total, op in
            total + multiHeader
                + {
                    switch op {
                    case .create(let path, let data, let entries, _):
                        create(path: path, data: data, acl: entries) - header
                    case .set(let path, let data, _): set(path: path, data: data) - header
                    case .delete(let path, _), .check(let path, _): string(path) + 4
                    }
                }()
        }
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
