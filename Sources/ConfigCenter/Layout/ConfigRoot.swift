/// The rules for a per-key root (`--root`, `ZK_ROOT`, `config.zk.root`), shared by both programs.
public enum ConfigRoot {
    /// Why a root is refused.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with it, starting with the value: `'/a//b' is not …`.
        public var description: String
    }

    /// The root as a znode path: trailing slashes dropped (`/seata/` is `/seata`).
    ///
    /// Refused: a path that is not absolute, has an empty, `.` or `..` segment, and ZooKeeper's
    /// own `/zookeeper` tree (its quota and config nodes; it refuses writes there).
    public static func normalize(_ text: String) -> Result<String, Refusal> {
        var root = text
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        guard root.hasPrefix("/") else {
            return .failure(Refusal(description: "'\(text)' is not an absolute znode path such as /seata"))
        }
        let segments = root.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if root != "/", segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return .failure(
                Refusal(description: "'\(text)' is not a znode path such as /seata (no empty, . or .. parts)")
            )
        }
        if segments.first == "zookeeper" {
            return .failure(
                Refusal(description: "'\(text)' is inside /zookeeper, ZooKeeper's own tree; choose another root")
            )
        }
        return .success(root)
    }
}
