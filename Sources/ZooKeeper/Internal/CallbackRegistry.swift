internal import CZooKeeper
import Synchronization

/// What a C completion delivered, copied out of the library's buffers inside the callback
/// (they are freed when the callback returns).
enum Reply: Sendable {
    case void(Int32)
    case stat(Int32, ZNodeStat?)
    case data(Int32, [UInt8], ZNodeStat?)
    case children(Int32, [String], ZNodeStat?)
    case string(Int32, String?, ZNodeStat?)
    case multi(Int32, [MultiSlot])
    case acl(Int32, [ACLEntry], ZNodeStat?)
    /// The handle was closed before the library answered.
    case closed

    var rc: Int32 {
        switch self {
        case .void(let rc), .stat(let rc, _), .data(let rc, _, _), .children(let rc, _, _), .string(let rc, _, _),
            .multi(let rc, _), .acl(let rc, _, _):
            rc
        case .closed: ZCLOSING.rawValue
        }
    }
}

/// One operation's outcome inside a `multi` reply.
struct MultiSlot: Sendable {
    var rc: Int32
    var createdPath: String?
    var stat: ZNodeStat?
}

/// A request the C library holds.
struct PendingRequest {
    let owner: SessionCore
    let continuation: UnsafeContinuation<Reply, Never>
    /// Memory the library writes into at completion (a `multi`'s results).
    let multi: MultiBuffers?
    /// The watch this request registers, if any, and whether a "no node" answer still
    /// registers it (true for `exists`: it watches for the node's creation).
    let watch: UInt?
    let watchSurvivesNoNode: Bool
}

/// A path watch the C library holds.
struct PendingWatch {
    let owner: SessionCore
    let promise: WatchPromise
    let path: String
}

/// The process-wide table that C callbacks find their Swift counterparts in.
///
/// The C library carries an opaque `const void *` through each call and watch. We put a
/// number there, never a pointer to a Swift object: a callback that arrives late finds
/// nothing and does nothing, and one that never arrives (the library often drops in-flight
/// requests on `zookeeper_close`) leaks nothing, because `sweep(owner:)` fails and removes
/// whatever a closed session left behind.
final class CallbackRegistry: Sendable {
    static let shared = CallbackRegistry()

    private struct State {
        var nextID: UInt = 1
        var requests: [UInt: PendingRequest] = [:]
        var watches: [UInt: PendingWatch] = [:]
        var sessions: [UInt: SessionCore] = [:]
    }

    private let state = Mutex(State())

    private init() {}

    // MARK: sessions (the global watcher's context)

    func newSessionID() -> UInt {
        state.withLock { s in
            defer { s.nextID += 1 }
            return s.nextID
        }
    }

    func register(session: SessionCore) {
        state.withLock { $0.sessions[session.id] = session }
    }

    func session(_ id: UInt) -> SessionCore? {
        state.withLock { $0.sessions[id] }
    }

    func unregister(session id: UInt) {
        _ = state.withLock { $0.sessions.removeValue(forKey: id) }
    }

    // MARK: requests

    func add(_ request: PendingRequest) -> UInt {
        state.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.requests[id] = request
            return id
        }
    }

    func add(watch: PendingWatch) -> UInt {
        state.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.watches[id] = watch
            return id
        }
    }

    /// Removes a request whose submission failed (the library will never call back for it).
    func abandon(request id: UInt) -> PendingRequest? {
        state.withLock { s in
            let request = s.requests.removeValue(forKey: id)
            if let watch = request?.watch { s.watches.removeValue(forKey: watch) }
            return request
        }
    }

    /// Called on the completion thread: hands the reply to the waiting task.
    ///
    /// Must not block; resuming a continuation only schedules the task elsewhere.
    func complete(_ id: UInt, _ reply: (PendingRequest) -> Reply) {
        guard let request = state.withLock({ $0.requests.removeValue(forKey: id) }) else { return }
        let value = reply(request)
        if let watch = request.watch {
            let registered = value.rc == ZOK.rawValue || (request.watchSurvivesNoNode && value.rc == ZNONODE.rawValue)
            if !registered, let pending = state.withLock({ $0.watches.removeValue(forKey: watch) }) {
                // The library did not register the watch; the caller gets the request's error instead.
                pending.promise.resolve(.failure(ZooKeeperError(.watchRemoved, path: pending.path)))
            }
        }
        request.owner.limiter.release()
        request.continuation.resume(returning: value)
    }

    /// Called on the completion thread with a path watch's event.
    func fire(watch id: UInt, type: Int32, state sessionState: Int32) {
        let outcome: Result<WatchEvent, any Error>
        switch type {
        case ZOO_CREATED_EVENT: outcome = .success(WatchEvent(kind: .created, path: ""))
        case ZOO_DELETED_EVENT: outcome = .success(WatchEvent(kind: .deleted, path: ""))
        case ZOO_CHANGED_EVENT: outcome = .success(WatchEvent(kind: .dataChanged, path: ""))
        case ZOO_CHILD_EVENT: outcome = .success(WatchEvent(kind: .childrenChanged, path: ""))
        case ZOO_SESSION_EVENT:
            // Session events reach every path watcher, but only expiry and auth failure end
            // the watch; after a mere disconnect the library re-registers it on reconnect.
            if sessionState == ZOO_EXPIRED_SESSION_STATE {
                outcome = .failure(ZooKeeperError(.sessionExpired))
            } else if sessionState == ZOO_AUTH_FAILED_STATE {
                outcome = .failure(ZooKeeperError(.authFailed))
            } else {
                return
            }
        default:  // ZOO_NOTWATCHING_EVENT, or something newer than this code
            outcome = .failure(ZooKeeperError(.watchRemoved))
        }
        guard let watch = state.withLock({ $0.watches.removeValue(forKey: id) }) else { return }
        switch outcome {
        case .success(let event):
            watch.promise.resolve(.success(WatchEvent(kind: event.kind, path: watch.path)))
        case .failure(let error as ZooKeeperError):
            var error = error
            error.path = watch.path
            error.connectString = watch.owner.connectString
            watch.promise.resolve(.failure(error))
        case .failure(let error):
            watch.promise.resolve(.failure(error))
        }
    }

    /// After `zookeeper_close` has returned (so no callback can run any more): fails every
    /// request and watch the session still has, so no caller waits forever.
    func sweep(owner: SessionCore) {
        let (requests, watches) = state.withLock { s in
            let requests = s.requests.filter { $0.value.owner === owner }
            let watches = s.watches.filter { $0.value.owner === owner }
            for id in requests.keys { s.requests.removeValue(forKey: id) }
            for id in watches.keys { s.watches.removeValue(forKey: id) }
            return (Array(requests.values), Array(watches.values))
        }
        for request in requests {
            request.owner.limiter.release()
            request.continuation.resume(returning: .closed)
        }
        for watch in watches {
            watch.promise.resolve(
                .failure(ZooKeeperError(.closing, path: watch.path, connectString: owner.connectString))
            )
        }
    }

    /// Counts, for tests that check nothing is left behind.
    func counts(owner: SessionCore) -> (requests: Int, watches: Int) {
        state.withLock { s in
            (s.requests.values.count { $0.owner === owner }, s.watches.values.count { $0.owner === owner })
        }
    }
}
