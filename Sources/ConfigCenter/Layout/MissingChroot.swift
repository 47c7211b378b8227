public import ZooKeeper

/// The chroot of a connect string (`zk1:2181/app`) does not exist.
///
/// ZooKeeper never creates a chroot, and under a missing one every path is missing, `/`
/// included: a seed or a `set` would fail to create its root over and over. Someone creates the
/// chroot once, through the servers without it.
public struct MissingChrootError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The servers, without the chroot.
    public var hosts: String
    /// The chroot, `/app`.
    public var chroot: String

    /// The error for a client's configuration (which has a chroot).
    public init(hosts: String, chroot: String) {
        self.hosts = hosts
        self.chroot = chroot
    }

    /// Checks that the chroot of `client`'s connect string exists; returns at once when it has none.
    ///
    /// - Throws: `MissingChrootError` when it does not exist; `ZooKeeperError` from the read.
    public static func check(_ client: ZooKeeperClient) async throws {
        let configuration = client.configuration
        guard let chroot = configuration.chroot else { return }
        if try await client.exists("/") == nil {
            throw MissingChrootError(hosts: configuration.hosts, chroot: chroot)
        }
    }

    /// The command that creates the chroot.
    public var createCommand: String { "zkCli.sh -server \(hosts) create \(chroot)" }

    /// The `zkconfig` command that seeds `root` under the chroot through the servers without it,
    /// creating the chroot on the way.
    public func seedCommand(root: String, file: String) -> String {
        let full = root == "/" ? chroot : chroot + root
        return
            "zkconfig --connect \(ConfigFix.shellWord(hosts)) --root \(ConfigFix.shellWord(full)) seed --from \(file)"
    }

    /// What is wrong.
    public var description: String {
        "the chroot \(chroot) of the connect string \(hosts)\(chroot) does not exist (ZooKeeper never creates "
            + "a chroot, and under a missing one nothing can be written); create it first: \(createCommand)"
    }
}
