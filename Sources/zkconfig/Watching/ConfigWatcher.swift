import ConfigCenter
import Synchronization
import ZooKeeper

/// Reports every change of the watched keys, in either layout, until cancelled or the session
/// ends.
struct ConfigWatcher {
    let client: ZooKeeperClient
    let layout: ConfigLayout
    /// The keys to watch; empty means every key (the whole root, or the whole node).
    let keys: [String]
    /// Called once every watch is set, before any change is reported.
    let ready: (_ count: Int) -> Void
    /// Called for each change, from any task.
    let report: @Sendable (KeyChange) -> Void

    func run() async throws {
        switch layout {
        case .perKey(let root):
            if keys.isEmpty {
                try await watchRoot(root)
            } else {
                try await watchKeys(keys)
            }
        case .singleNode(let path):
            try await watchNode(path)
        }
    }

    // MARK: Per-key layout

    private func watchKeys(_ keys: [String]) async throws {
        let followers = keys.map { ZNodeFollower(client: client, path: layout.path(of: $0)) }
        let armed = try await armAll(followers)
        ready(keys.count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, key) in keys.enumerated() {
                group.addTask { [report] in
                    try await followers[index]
                        .follow(from: armed[index]) { old, new in
                            report(Self.change(key: key, path: followers[index].path, old: old, new: new))
                            return true
                        }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Watches the root's children and every key; a key that appears is reported as created
    /// and followed from then on.
    private func watchRoot(_ root: String) async throws {
        let rootFollower = ChildrenFollower(client: client, path: root)
        var children = try await rootFollower.arm()
        let followed = FollowedKeys(children.names)
        let initial = children.names.map { ZNodeFollower(client: client, path: layout.path(of: $0)) }
        let armed = try await armAll(initial)
        ready(children.names.count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            func start(_ key: String, _ follower: ZNodeFollower, _ state: ZNodeFollower.Armed) {
                group.addTask { [report] in
                    defer { followed.remove(key) }
                    try await follower.follow(from: state) { old, new in
                        report(Self.change(key: key, path: follower.path, old: old, new: new))
                        // A deleted key is followed again only if the root lists it again.
                        return new.bytes != nil
                    }
                }
            }
            for (index, key) in children.names.enumerated() { start(key, initial[index], armed[index]) }
            while true {
                _ = try await children.watch.event()
                children = try await rootFollower.arm()
                let new = followed.add(children.names)
                for key in new {
                    let follower = ZNodeFollower(client: client, path: layout.path(of: key))
                    let state = try await follower.arm()
                    if let bytes = state.bytes {
                        report(
                            KeyChange(
                                key: key,
                                kind: .created,
                                value: String(decoding: bytes, as: UTF8.self),
                                path: follower.path,
                                version: state.version
                            )
                        )
                    }
                    start(key, follower, state)
                }
            }
        }
    }

    private func armAll(_ followers: [ZNodeFollower]) async throws -> [ZNodeFollower.Armed] {
        try await withThrowingTaskGroup(of: (Int, ZNodeFollower.Armed).self) { group in
            for (index, follower) in followers.enumerated() {
                group.addTask { (index, try await follower.arm()) }
            }
            var armed = [ZNodeFollower.Armed?](repeating: nil, count: followers.count)
            for try await (index, state) in group { armed[index] = state }
            return armed.map { $0! }
        }
    }

    private static func change(key: String, path: String, old: ZNodeFollower.Armed, new: ZNodeFollower.Armed)
        -> KeyChange
    {
        let kind: KeyChange.Kind = new.bytes == nil ? .deleted : old.bytes == nil ? .created : .changed
        return KeyChange(
            key: key,
            kind: kind,
            value: new.bytes.map { String(decoding: $0, as: UTF8.self) },
            path: path,
            version: new.version
        )
    }

    // MARK: Single-node layout

    private func watchNode(_ path: String) async throws {
        let follower = ZNodeFollower(client: client, path: path)
        let armed = try await follower.arm()
        let wanted = Set(keys)
        var values = Self.values(armed.bytes, path: path)
        ready(keys.isEmpty ? values.count : keys.count)
        try await follower.follow(from: armed) { _, new in
            let next = Self.values(new.bytes, path: path)
            for key in Set(values.keys).union(next.keys).sorted() where wanted.isEmpty || wanted.contains(key) {
                let before = values[key]
                let after = next[key]
                guard before != after else { continue }
                let kind: KeyChange.Kind = after == nil ? .deleted : before == nil ? .created : .changed
                report(KeyChange(key: key, kind: kind, value: after, path: path, version: new.version))
            }
            values = next
            return true
        }
    }

    /// The node's values; text that does not parse counts as no keys (and is said once on stderr).
    private static func values(_ bytes: [UInt8]?, path: String) -> [String: String] {
        guard let bytes, !bytes.isEmpty else { return [:] }
        do {
            return try PropertiesParser.parse(bytes, source: "znode \(path)").values().dictionary.mapValues(\.value)
        } catch {
            Console.message("warning: \(error)")
            return [:]
        }
    }
}

/// The keys that have a follower running, shared by the root's loop and the followers.
private final class FollowedKeys: Sendable {
    private let keys: Mutex<Set<String>>

    init(_ keys: [String]) {
        self.keys = Mutex(Set(keys))
    }

    /// Marks the names not yet followed as followed and returns them.
    func add(_ names: [String]) -> [String] {
        keys.withLock { set in
            let added = names.filter { !set.contains($0) }
            set.formUnion(added)
            return added
        }
    }

    func remove(_ key: String) {
        _ = keys.withLock { $0.remove(key) }
    }
}

/// Follows a znode's children with one-shot child watches (an exists-watch while it is missing).
struct ChildrenFollower {
    struct Armed {
        var names: [String]
        var watch: ZNodeWatch
    }

    let client: ZooKeeperClient
    let path: String

    func arm() async throws -> Armed {
        while true {
            do {
                do {
                    let (names, _, watch) = try await client.childrenAndWatch(path)
                    return Armed(names: names.sorted(), watch: watch)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    let (stat, watch) = try await client.existsAndWatch(path)
                    if stat == nil { return Armed(names: [], watch: watch) }
                }
            } catch let error as ZooKeeperError where error.code == .connectionLoss || error.code == .operationTimeout {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
