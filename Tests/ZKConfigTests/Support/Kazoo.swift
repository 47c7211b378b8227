import Foundation
import ZooKeeperTestSupport

/// An independent client (kazoo, under Debian's python3) that reads back what zkconfig wrote.
enum Kazoo {
    /// One znode as kazoo read it.
    struct Node: Decodable, Equatable {
        var hex: String
        var version: Int
        var mzxid: Int

        /// The data's bytes.
        var bytes: [UInt8] {
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(UInt8(hex[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }

        /// The data as UTF-8 text.
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// A znode and its children, as kazoo read them: nil when the znode does not exist.
    struct Tree: Decodable, Equatable {
        var node: Node
        var children: [String: Node]
    }

    private static let script = """
        import json, sys
        from kazoo.client import KazooClient
        zk = KazooClient(hosts=sys.argv[1], timeout=10)
        zk.start(timeout=10)
        def node(path):
            data, stat = zk.get(path)
            return {"hex": data.hex(), "version": stat.version, "mzxid": stat.mzxid}
        path = sys.argv[2]
        if zk.exists(path) is None:
            print("null")
        else:
            print(json.dumps({"node": node(path),
                              "children": {c: node(path.rstrip("/") + "/" + c) for c in zk.get_children(path)}}))
        zk.stop()
        zk.close()
        """

    /// Reads `path` and its children with kazoo.
    static func read(_ path: String) async throws -> Tree? {
        let connect = try TestEnvironment.sharedConnectString()
        let result = try await ProcessRunner.run("/usr/bin/python3", ["-c", script, connect, path])
        guard result.status == 0 else {
            throw TestSetupError("kazoo could not read \(path) (\(result.status)): \(result.stderr)")
        }
        return try JSONDecoder().decode(Tree?.self, from: Data(result.stdout.utf8))
    }
}
