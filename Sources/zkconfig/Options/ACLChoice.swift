import ArgumentParser
import ZooKeeper

/// The ACL of the znodes a command creates (`--acl`).
enum ACLChoice: String, ExpressibleByArgument, CaseIterable {
    /// Anyone may do anything (ZooKeeper's OPEN_ACL_UNSAFE; what Seata's script creates).
    case open
    /// Anyone may read; the `--auth` digest user may do anything.
    case readOnly = "read-only"
    /// Only the identity that created the node (the `--auth` user) may do anything.
    case creatorAll = "creator-all"

    /// The entries for `credentials`.
    ///
    /// - Throws: `UsageError` when the choice needs `--auth` and there is none.
    func entries(credentials: DigestCredentials?) throws -> [ACLEntry] {
        switch self {
        case .open:
            return .open
        case .readOnly:
            guard let credentials else {
                throw UsageError("--acl read-only needs --auth user:password (or ZK_AUTH): that user may write")
            }
            return [.anyone(.read), .digest(user: credentials.user, password: credentials.password, permissions: .all)]
        case .creatorAll:
            guard credentials != nil else {
                throw UsageError("--acl creator-all needs --auth user:password (or ZK_AUTH): that user owns the nodes")
            }
            return .creatorAll
        }
    }
}
