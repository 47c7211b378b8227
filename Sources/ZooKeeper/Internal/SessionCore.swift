internal import CZooKeeper
import Dispatch
import Logging
import Synchronization

/// One C handle (one ZooKeeper session) and everything that must outlive the Swift client
/// object while the C library may still call back: the registry entry, the state, the limiter.
final class SessionCore: Sendable {
    let id: UInt
    let connectString: String
    let limiter: InFlightLimiter
    let maxRequestBytes: Int
    let logger: Logger

    /// The handle; nil once closing began.
    ///
    /// Held locked while a `zoo_a…` call runs, so that
    /// `zookeeper_close` (which frees it) can never run in the middle of one.
    private let handle: Mutex<HandleSlot>
    private let events = Mutex(EventState())
    private let closing = Mutex<Task<Void, Never>?>(nil)

    private struct HandleSlot: @unchecked Sendable {
        // @unchecked: the pointer is only used under the mutex, or after being taken out of it.
        var pointer: OpaquePointer?
    }

    private struct EventState {
        var current: SessionState = .connecting
        var everConnected = false
        var subscribers: [UInt: AsyncStream<SessionState>.Continuation] = [:]
        var nextSubscriber: UInt = 0
    }

    init(connectString: String, maxInFlight: Int, maxRequestBytes: Int, logger: Logger) {
        self.id = CallbackRegistry.shared.newSessionID()
        self.connectString = connectString
        self.limiter = InFlightLimiter(limit: maxInFlight)
        self.maxRequestBytes = maxRequestBytes
        self.logger = logger
        self.handle = Mutex(HandleSlot(pointer: nil))
    }

    /// Creates the C handle.
    ///
    /// The library starts connecting in the background and never gives
    /// up on its own; the caller bounds the wait (see `awaitSettled`).
    func start(sessionTimeoutMilliseconds: Int32, readOnly: Bool) throws {
        ZooKeeperLibraryLog.installIfNeeded()
        CallbackRegistry.shared.register(session: self)
        let flags = ZOO_NO_LOG_CLIENTENV | (readOnly ? ZOO_READONLY : 0)
        let pointer = zookeeper_init2(
            ConnectString.forCLibrary(connectString),
            Completions.sessionWatcher,
            sessionTimeoutMilliseconds,
            nil,
            UnsafeMutableRawPointer(bitPattern: id),
            flags,
            ZooKeeperLibraryLog.callback
        )
        guard let pointer else {
            CallbackRegistry.shared.unregister(session: id)
            // The syntax was checked before: the library refuses a connect string in which no
            // host name resolves (it skips those that do not, when one does).
            let unresolved = HostResolution.unresolved(ConnectString.hostNames(connectString))
            if !unresolved.isEmpty, unresolved.count == ConnectString.hostNames(connectString).count {
                throw ZooKeeperError(
                    .unresolvedHost,
                    connectString: connectString,
                    detail: "no host name in it resolves ("
                        + unresolved.map { "\($0.host): \($0.reason)" }.joined(separator: "; ") + ")"
                )
            }
            throw ZooKeeperError(
                .invalidArgument,
                connectString: connectString,
                detail: "the C library refused the connect string host:port[,host:port…][/chroot]"
            )
        }
        handle.withLock { $0.pointer = pointer }
    }

    // MARK: session state

    var state: SessionState { events.withLock { $0.current } }

    /// Called on the completion thread with each session event.
    func sessionEvent(state raw: Int32) {
        let (next, reconnected): (SessionState?, Bool) = events.withLock { e in
            if e.current.isTerminal { return (nil, false) }
            let wasConnectedBefore = e.everConnected
            let next: SessionState
            switch raw {
            case ZOO_CONNECTED_STATE:
                next = .connected
                e.everConnected = true
            case ZOO_READONLY_STATE:
                next = .connectedReadOnly
                e.everConnected = true
            case ZOO_EXPIRED_SESSION_STATE: next = .expired
            case ZOO_AUTH_FAILED_STATE: next = .authFailed
            default: next = e.everConnected ? .disconnected : .connecting
            }
            guard next != e.current else { return (nil, false) }
            e.current = next
            for subscriber in e.subscribers.values { subscriber.yield(next) }
            return (next, wasConnectedBefore)
        }
        if let next {
            ZooKeeperLibraryLog.connectionChanged(to: next)
            // The first connection is routine; a reconnect, a disconnect or an expiry is news.
            let level: Logger.Level =
                switch next {
                case .connected, .connectedReadOnly: reconnected ? .info : .debug
                case .disconnected, .connecting: .warning
                default: .error
                }
            logger.log(level: level, "ZooKeeper session \(next)", metadata: ["zk.connect": "\(connectString)"])
        }
    }

    /// The current state first, then every change, until the session is closed.
    func stateUpdates() -> AsyncStream<SessionState> {
        AsyncStream(bufferingPolicy: .unbounded) { continuation in
            let id: UInt? = events.withLock { e in
                continuation.yield(e.current)
                if e.current == .closed {
                    continuation.finish()
                    return nil
                }
                let id = e.nextSubscriber
                e.nextSubscriber += 1
                e.subscribers[id] = continuation
                return id
            }
            if let id {
                continuation.onTermination = { [weak self] _ in
                    _ = self?.events.withLock { $0.subscribers.removeValue(forKey: id) }
                }
            }
        }
    }

    /// Waits until the session is connected or over, or `timeout` passes (then returns nil).
    func awaitSettled(timeout: Duration) async -> SessionState? {
        await withTaskGroup(of: SessionState?.self) { group in
            group.addTask {
                for await state in self.stateUpdates() where state.isConnected || state.isTerminal {
                    return state
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The server-assigned session id, once connected.
    var sessionID: Int64? {
        handle.withLock { slot in
            guard let pointer = slot.pointer, let client = zoo_client_id(pointer) else { return nil }
            return client.pointee.client_id == 0 ? nil : client.pointee.client_id
        }
    }

    /// The negotiated session timeout, once connected.
    var negotiatedTimeoutMilliseconds: Int32? {
        handle.withLock { slot in slot.pointer.map { zoo_recv_timeout($0) } }
    }

    // MARK: requests

    /// Submits one request and waits for its reply.
    ///
    /// `start` receives the handle and the context to pass as the completion's `data`, and
    /// returns the `zoo_a…` function's result. It runs with the handle locked.
    func call(
        path: String?,
        watch: PendingWatch? = nil,
        watchSurvivesNoNode: Bool = false,
        multi: MultiBuffers? = nil,
        _ start: (OpaquePointer, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    ) async throws -> Reply {
        guard await limiter.acquire() else { throw error(.closing, path: path) }
        let reply: Reply = await withUnsafeContinuation { continuation in
            let watchID = watch.map { CallbackRegistry.shared.add(watch: $0) }
            let id = CallbackRegistry.shared.add(
                PendingRequest(
                    owner: self,
                    continuation: continuation,
                    multi: multi,
                    watch: watchID,
                    watchSurvivesNoNode: watchSurvivesNoNode
                )
            )
            let rc: Int32 = handle.withLock { slot in
                guard let pointer = slot.pointer else { return ZCLOSING.rawValue }
                return start(
                    pointer,
                    UnsafeRawPointer(bitPattern: id),
                    watchID.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
                )
            }
            if rc != ZOK.rawValue, let request = CallbackRegistry.shared.abandon(request: id) {
                // Refused before it was sent: the library will not call back for it.
                limiter.release()
                let rc = rc == ZINVALIDSTATE.rawValue ? invalidStateCode() : rc
                request.continuation.resume(returning: .void(rc))
            }
        }
        return reply
    }

    /// What "invalid state" means right now: the session is over, or the client is closed.
    private func invalidStateCode() -> Int32 {
        switch state {
        case .expired: ZSESSIONEXPIRED.rawValue
        case .authFailed: ZAUTHFAILED.rawValue
        case .closed: ZCLOSING.rawValue
        default: ZINVALIDSTATE.rawValue
        }
    }

    /// An error about this session.
    func error(_ code: ZooKeeperError.Code, path: String?, detail: String? = nil) -> ZooKeeperError {
        ZooKeeperError(code, path: path, connectString: connectString, detail: detail)
    }

    /// Throws the error a non-zero result code stands for.
    func check(_ rc: Int32, path: String?, detail: String? = nil) throws {
        guard rc != ZOK.rawValue else { return }
        var code = ZooKeeperError.Code(rawValue: rc)
        if code == .invalidState { code = ZooKeeperError.Code(rawValue: invalidStateCode()) }
        throw error(code, path: path, detail: detail)
    }

    // MARK: closing

    /// Closes the handle and fails whatever is still waiting.
    ///
    /// Safe to call more than once and
    /// from anywhere: `zookeeper_close` runs on a thread of its own, never on the library's
    /// completion thread (where it would free the handle under the running callback).
    func close() async {
        let task: Task<Void, Never> = closing.withLock { existing in
            if let existing { return existing }
            let task = Task.detached { await self.performClose() }
            existing = task
            return task
        }
        await task.value
    }

    private func performClose() async {
        let pointer = handle.withLock { slot in
            defer { slot.pointer = nil }
            return slot.pointer
        }
        let subscribers = events.withLock { e in
            e.current = .closed
            for subscriber in e.subscribers.values { subscriber.yield(.closed) }
            defer { e.subscribers = [:] }
            return Array(e.subscribers.values)
        }
        limiter.close()
        if let pointer {
            // zookeeper_close blocks until the library's threads are joined.
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let box = HandleSlot(pointer: pointer)
                DetachedThread.run {
                    zookeeper_close(box.pointer)
                    done.resume()
                }
            }
        }
        // zookeeper_close has returned: the library's threads are gone, no callback can run.
        CallbackRegistry.shared.sweep(owner: self)
        CallbackRegistry.shared.unregister(session: id)
        for subscriber in subscribers { subscriber.finish() }
        logger.debug("ZooKeeper client closed", metadata: ["zk.connect": "\(connectString)"])
    }
}
