/// One entry of a znode's access control list: who (scheme and id) may do what.
///
/// Build lists with the presets (`[ACLEntry].open`, `.readOnly`, `.creatorAll`) or with
/// `ACLEntry.digest(user:password:permissions:)`, which hashes the password the way the
/// server's digest provider does, so the clear password never reaches ZooKeeper.
public struct ACLEntry: Sendable, Hashable, CustomStringConvertible {
    /// What an ACL entry allows.
    public struct Permissions: OptionSet, Sendable, Hashable {
        /// The bit mask, as ZooKeeper defines it.
        public let rawValue: Int32
        /// Wraps a bit mask.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Read the data and list the children.
        public static let read = Permissions(rawValue: 1 << 0)
        /// Set the data.
        public static let write = Permissions(rawValue: 1 << 1)
        /// Create children.
        public static let create = Permissions(rawValue: 1 << 2)
        /// Delete children.
        public static let delete = Permissions(rawValue: 1 << 3)
        /// Set the ACL.
        public static let admin = Permissions(rawValue: 1 << 4)
        /// Everything.
        public static let all: Permissions = [.read, .write, .create, .delete, .admin]
    }

    /// What the identity may do.
    public var permissions: Permissions
    /// The authentication scheme, such as `world`, `auth`, `digest` or `ip`.
    public var scheme: String
    /// The identity within the scheme (`anyone`; `user:base64(sha1(user:password))`; an address).
    public var id: String

    /// An entry from its parts.
    public init(permissions: Permissions, scheme: String, id: String) {
        self.permissions = permissions
        self.scheme = scheme
        self.id = id
    }

    /// Everyone (`world:anyone`).
    public static func anyone(_ permissions: Permissions) -> ACLEntry {
        ACLEntry(permissions: permissions, scheme: "world", id: "anyone")
    }

    /// Whoever created the node, as authenticated on that session (`auth` scheme).
    ///
    /// The creating session must have added credentials, or the create fails with invalid ACL.
    public static func creator(_ permissions: Permissions) -> ACLEntry {
        ACLEntry(permissions: permissions, scheme: "auth", id: "")
    }

    /// A digest user.
    ///
    /// The id is `user:base64(sha1("user:password"))`, as the server's
    /// `DigestAuthenticationProvider` computes it for a session that added `user:password`.
    public static func digest(user: String, password: String, permissions: Permissions) -> ACLEntry {
        ACLEntry(permissions: permissions, scheme: "digest", id: digestID(user: user, password: password))
    }

    /// The hashed identity a digest session `user:password` has on the server.
    public static func digestID(user: String, password: String) -> String {
        let hash = SHA1.hash(Array("\(user):\(password)".utf8))
        return "\(user):\(Base64.encode(hash))"
    }

    /// `scheme:id:perms`, with permissions as `cdrwa` letters, as zkCli prints them.
    public var description: String {
        let letters: [(Permissions, Character)] = [
            (.create, "c"), (.delete, "d"), (.read, "r"), (.write, "w"), (.admin, "a"),
        ]
        return "\(scheme):\(id):" + String(letters.filter { permissions.contains($0.0) }.map(\.1))
    }
}

extension [ACLEntry] {
    /// Anyone may do anything (ZooKeeper's `OPEN_ACL_UNSAFE`).
    public static var open: [ACLEntry] { [.anyone(.all)] }
    /// Anyone may read; nobody may change the node (ZooKeeper's `READ_ACL_UNSAFE`).
    public static var readOnly: [ACLEntry] { [.anyone(.read)] }
    /// The creator's authenticated identities may do anything (ZooKeeper's `CREATOR_ALL_ACL`).
    public static var creatorAll: [ACLEntry] { [.creator(.all)] }
}
