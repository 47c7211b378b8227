import ZooKeeper

/// Follows one znode's data with one-shot watches, re-armed after every event.
///
/// Each step reads the node and sets a data watch in one call; when the node is missing it sets
/// an exists-watch instead, and reads again if the node appeared between the two calls (the
/// NONODE/NODEEXISTS race), so no creation is missed. Changes that happen between an event and
/// the re-read are seen as one change, as ZooKeeper's one-shot watches have it.
struct ZNodeFollower {
    /// The node's state as read, and the watch that reports its next change.
    struct Armed {
        var bytes: [UInt8]?
        var version: Int32?
        var watch: ZNodeWatch
    }

    let client: ZooKeeperClient
    let path: String

    /// Reads the node and watches it; retries while the connection is lost (the library
    /// reconnects the session by itself).
    func arm() async throws -> Armed {
        while true {
            do {
                do {
                    let (data, watch) = try await client.getAndWatch(path)
                    return Armed(bytes: data.bytes, version: data.stat.version, watch: watch)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    let (stat, watch) = try await client.existsAndWatch(path)
                    if stat == nil { return Armed(bytes: nil, version: nil, watch: watch) }
                    // Created between the two calls: read it (its exists-watch fires harmlessly later).
                }
            } catch let error as ZooKeeperError where error.code == .connectionLoss || error.code == .operationTimeout {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Calls `changed` with the old and new state after every change, until it returns false.
    func follow(from armed: Armed, changed: (_ old: Armed, _ new: Armed) -> Bool) async throws {
        var current = armed
        while true {
            _ = try await current.watch.event()
            let next = try await arm()
            let moved = next.version != current.version || (next.bytes == nil) != (current.bytes == nil)
            let previous = current
            current = next
            if moved, !changed(previous, next) { return }
        }
    }
}
