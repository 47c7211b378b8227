import ZooKeeper

/// What a `LiveConfig` knows of ZooKeeper: the last state read, with znode versions, and which
/// one-shot watches it has armed.
///
/// ZooKeeper watches fire once, and every `getAndWatch` registers one more watcher in the C
/// library, so a watch is armed only where none is pending. An armed watch guarantees that
/// a later change is announced; a read after the announcement then sees that change or a
/// newer one. Together: no change is missed, and nothing is watched twice.
struct ZNodeTracker: Sendable {
    /// What a one-shot watch is for.
    ///
    /// A single node is followed together with the per-key znodes under its root, since Seata
    /// falls back to those for keys the node lacks.
    enum Target: Hashable, Sendable {
        /// The data of one key's znode.
        case key(String)
        /// The root's children: keys added or removed.
        case children
        /// The existence of the root, while it is missing.
        case base
        /// The single node's data.
        case node
        /// The existence of the single node, while it is missing.
        case nodeExists
    }

    /// A watch armed by a read, waiting for someone to await it.
    struct ArmedWatch: Sendable {
        var watch: ZNodeWatch
        var target: Target
        var generation: Int
    }

    /// What to read again.
    struct Refresh: Sendable {
        /// Sync the server with the leader first (a new session may talk to a lagging member).
        var sync = false
        /// Re-list the root and re-read every key and the node.
        var everything = false
        /// Re-list the root (keys added or removed).
        var base = false
        /// Re-read the single node.
        var node = false
        /// Keys to re-read.
        var keys: Set<String> = []

        var isEmpty: Bool { !sync && !everything && !base && !node && keys.isEmpty }

        mutating func merge(_ other: Refresh) {
            sync = sync || other.sync
            everything = everything || other.everything
            base = base || other.base
            node = node || other.node
            keys.formUnion(other.keys)
        }
    }

    let layout: ConfigLayout
    /// The session reads go through.
    private(set) var client: ZooKeeperClient
    /// Counts sessions, so events of an old session's watches are told apart and ignored.
    private(set) var generation: Int

    private var keys: [String: StoredConfig.Entry] = [:]
    private var node: StoredConfig.Entry?
    /// Per-key layout: Seata's single node found among the keys (not read).
    private var nodeBesideKeys: String?
    /// The root's stat (per-key), or the node's (single node).
    private var baseStat: ZNodeStat?
    /// The newest children zxid listed, so an older listing never replaces a newer one.
    private var listedZxid: Int64 = .min

    private var armedKeys: Set<String> = []
    private var childrenArmed = false
    private var baseArmed = false
    private var nodeArmed = false
    private var nodeExistsArmed = false
    private var unawaited: [ArmedWatch] = []

    init(layout: ConfigLayout, client: ZooKeeperClient, generation: Int) {
        self.layout = layout
        self.client = client
        self.generation = generation
    }

    /// The state last read, as the loader takes it.
    var stored: StoredConfig {
        StoredConfig(
            layout: layout,
            baseStat: baseStat,
            keys: keys,
            node: node,
            nestedKeys: keys.filter { $0.value.stat.numChildren > 0 }.map(\.key).sorted(),
            nodeBesideKeys: nodeBesideKeys
        )
    }

    /// Watches armed since the last call; the caller awaits each.
    mutating func takeArmedWatches() -> [ArmedWatch] {
        defer { unawaited = [] }
        return unawaited
    }

    /// Switches to a new session: its watches start from nothing, and everything is re-read
    /// after a sync.
    mutating func adopt(_ newClient: ZooKeeperClient) -> Refresh {
        client = newClient
        generation += 1
        armedKeys = []
        childrenArmed = false
        baseArmed = false
        nodeArmed = false
        nodeExistsArmed = false
        unawaited = []
        return Refresh(sync: true, everything: true)
    }

    /// Records that a watch of this session fired (or was dropped) and says what to re-read.
    mutating func fired(_ target: Target) -> Refresh {
        switch target {
        case .key(let key):
            armedKeys.remove(key)
            return Refresh(keys: [key])
        case .children:
            childrenArmed = false
            return Refresh(base: true)
        case .base:
            baseArmed = false
            return Refresh(base: true)
        case .node:
            nodeArmed = false
            return Refresh(node: true)
        case .nodeExists:
            nodeExistsArmed = false
            return Refresh(node: true)
        }
    }

    /// Reads what `refresh` asks for and arms the watches that are missing.
    ///
    /// Whatever was read before a failure is kept (with the watches it armed); the caller
    /// retries the whole refresh.
    mutating func refresh(_ refresh: Refresh) async throws {
        if refresh.sync { try await client.sync(layout.basePath) }
        if case .singleNode(let path, _) = layout, refresh.everything || refresh.node {
            try await readNode(path)
        }
        let root = layout.keysRoot
        var toRead = refresh.keys
        if refresh.everything || refresh.base {
            let known = Set(keys.keys)
            guard var names = try await list(root) else {
                keys = [:]
                return
            }
            if let node = layout.nodeNameInRoot { names.remove(node) }  // the node is not a key
            for removed in known.subtracting(names) { keys[removed] = nil }
            toRead.formUnion(refresh.everything ? names : names.subtracting(known))
        }
        try await read(Array(toRead))
    }

    // MARK: per-key znodes

    /// The root's children, arming a children watch (or, when the root is missing, an exists
    /// watch); nil when the root does not exist.
    private mutating func list(_ root: String) async throws -> Set<String>? {
        while true {
            if childrenArmed {
                do {
                    let names = Set(try await client.children(root))
                    noteNodeBesideKeys(in: names, root: root)
                    return names
                } catch let error as ZooKeeperError where error.code == .noNode {
                    setRootStat(nil)
                    return nil  // the armed children watch reports the deletion
                }
            }
            do {
                let (names, stat, watch) = try await client.childrenAndWatch(root)
                arm(watch, .children)
                childrenArmed = true
                guard stat.pzxid >= listedZxid else { return Set(keys.keys) }
                listedZxid = stat.pzxid
                setRootStat(stat)
                noteNodeBesideKeys(in: Set(names), root: root)
                return Set(names)
            } catch let error as ZooKeeperError where error.code == .noNode {
                setRootStat(nil)
                if baseArmed { return nil }
                // The root may be created between the failed listing and this exists-watch:
                // the watch then reports nothing, so look at what it found and list again.
                let (stat, watch) = try await client.existsAndWatch(root)
                arm(watch, .base)
                baseArmed = true
                if stat == nil { return nil }
            }
        }
    }

    /// Per-key layout: whether a fresh listing holds Seata's single node.
    private mutating func noteNodeBesideKeys(in names: Set<String>, root: String) {
        guard case .perKey = layout, let name = layout.nodeNameInRoot else { return }
        nodeBesideKeys = names.contains(name) ? ConfigLayout.path(of: name, under: root) : nil
    }

    /// The root's stat is the base of the per-key layout only; a single node's base is the node.
    private mutating func setRootStat(_ stat: ZNodeStat?) {
        guard case .perKey = layout else { return }
        baseStat = stat
        if stat == nil { nodeBesideKeys = nil }
    }

    private enum KeyRead: Sendable {
        case found(StoredConfig.Entry, ZNodeWatch?)
        case missing
    }

    /// Reads keys, pipelined; arms a data watch on each key that has none.
    private mutating func read(_ names: [String]) async throws {
        let layout = self.layout
        let client = self.client
        let requests = names.map { ($0, armedKeys.contains($0)) }
        let root = layout.keysRoot
        let (outputs, failure) = await PipelinedReads.perform(requests, on: client) { name, armed in
            let path = ConfigLayout.path(of: name, under: root)
            do {
                if armed {
                    let data = try await client.get(path)
                    return KeyRead.found(.init(path: path, bytes: data.bytes, stat: data.stat), nil)
                }
                let (data, watch) = try await client.getAndWatch(path)
                return KeyRead.found(.init(path: path, bytes: data.bytes, stat: data.stat), watch)
            } catch let error as ZooKeeperError where error.code == .noNode {
                // Deleted: the children watch reports it; a re-creation shows up the same way.
                return KeyRead.missing
            }
        }
        for (name, output) in zip(names, outputs) {
            switch output {
            case .found(let entry, let watch)?:
                if let watch {
                    arm(watch, .key(name))
                    armedKeys.insert(name)
                }
                // Never go back to an older version of a key (a read through a lagging server).
                if let known = keys[name], known.stat.czxid == entry.stat.czxid, known.stat.mzxid > entry.stat.mzxid {
                    continue
                }
                keys[name] = entry
            case .missing?:
                keys[name] = nil
            case nil:
                break  // failed; retried with the whole refresh
            }
        }
        if let failure { throw failure }
    }

    // MARK: the single node

    private mutating func readNode(_ path: String) async throws {
        while true {
            do {
                let data: ZNodeData
                if nodeArmed {
                    data = try await client.get(path)
                } else {
                    let watch: ZNodeWatch
                    (data, watch) = try await client.getAndWatch(path)
                    arm(watch, .node)
                    nodeArmed = true
                }
                if let known = node, known.stat.czxid == data.stat.czxid, known.stat.mzxid > data.stat.mzxid {
                    return
                }
                node = .init(path: path, bytes: data.bytes, stat: data.stat)
                baseStat = data.stat
                return
            } catch let error as ZooKeeperError where error.code == .noNode {
                node = nil
                baseStat = nil
                if nodeArmed || nodeExistsArmed { return }  // an armed watch reports the deletion or creation
                let (stat, watch) = try await client.existsAndWatch(path)
                arm(watch, .nodeExists)
                nodeExistsArmed = true
                if stat == nil { return }
                // Created meanwhile: read it.
            }
        }
    }

    private mutating func arm(_ watch: ZNodeWatch, _ target: Target) {
        unawaited.append(ArmedWatch(watch: watch, target: target, generation: generation))
    }
}
