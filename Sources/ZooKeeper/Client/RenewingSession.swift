import Logging
import Synchronization

/// A ZooKeeper session that is replaced by a new one whenever the server expires it.
///
/// `ZooKeeperClient` never opens a new session on its own, because after an expiry its owner
/// must re-create ephemeral nodes and re-arm watches, and only the owner knows which. This
/// type is that owner's helper: it keeps one client current, and when that client's session
/// expires (or its credentials are refused) it closes it, connects a new one (retrying until
/// it succeeds or `close()` is called) and announces it on `sessions()`. Subscribers react
/// to each new client: reload, re-arm watches, re-register ephemerals.
public final class RenewingSession: Sendable {
    /// The configuration every session is connected with.
    public let configuration: ZooKeeperClient.Configuration
    private let retryDelay: Duration
    private let state: Mutex<State>

    private struct State {
        var client: ZooKeeperClient
        var generation = 1
        var closed = false
        var subscribers: [UInt: AsyncStream<ZooKeeperClient>.Continuation] = [:]
        var stateSubscribers: [UInt: AsyncStream<SessionState>.Continuation] = [:]
        var nextID: UInt = 0
        var loop: Task<Void, Never>?
    }

    private init(client: ZooKeeperClient, configuration: ZooKeeperClient.Configuration, retryDelay: Duration) {
        self.configuration = configuration
        self.retryDelay = retryDelay
        self.state = Mutex(State(client: client))
    }

    /// Connects the first session; it must succeed (so a caller learns at once that the
    /// ensemble is unreachable or the credentials are wrong).
    ///
    /// Later sessions are renewed in
    /// the background until `close()`.
    ///
    /// - Parameters:
    ///   - configuration: How to connect, for the first session and every later one.
    ///   - retryDelay: The pause between attempts to connect a renewed session.
    /// - Returns: The session, connected.
    /// - Throws: What `ZooKeeperClient.connect` throws for the first session.
    public static func connect(
        _ configuration: ZooKeeperClient.Configuration,
        retryDelay: Duration = .seconds(1)
    ) async throws -> RenewingSession {
        let first = try await ZooKeeperClient.connect(configuration)
        let session = RenewingSession(client: first, configuration: configuration, retryDelay: retryDelay)
        let loop = Task { await session.renewLoop() }
        session.state.withLock { $0.loop = loop }
        return session
    }

    /// The current session's client.
    public var client: ZooKeeperClient { state.withLock { $0.client } }

    /// How many sessions there have been (1 until the first renewal).
    public var generation: Int { state.withLock { $0.generation } }

    /// The current client first, then each renewed one, until `close()`.
    public func sessions() -> AsyncStream<ZooKeeperClient> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let id: UInt? = state.withLock { s in
                continuation.yield(s.client)
                if s.closed {
                    continuation.finish()
                    return nil
                }
                defer { s.nextID += 1 }
                s.subscribers[s.nextID] = continuation
                return s.nextID
            }
            if let id {
                continuation.onTermination = { [weak self] _ in
                    _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
                }
            }
        }
    }

    /// The session state across renewals: the current client's state first, then every
    /// change of whichever client is current (an expiry is followed by `.connecting` and
    /// then `.connected` of the new session), until `close()`.
    public func states() -> AsyncStream<SessionState> {
        AsyncStream(bufferingPolicy: .unbounded) { continuation in
            let id: UInt? = state.withLock { s in
                if s.closed {
                    continuation.yield(.closed)
                    continuation.finish()
                    return nil
                }
                defer { s.nextID += 1 }
                s.stateSubscribers[s.nextID] = continuation
                return s.nextID
            }
            guard let id else { return }
            // Forward the current client's states; the renew loop forwards later clients'.
            let forwarder = Task { [weak self] in
                guard let self else { return }
                await self.forwardStates(of: self.client, to: id)
            }
            continuation.onTermination = { [weak self] _ in
                forwarder.cancel()
                _ = self?.state.withLock { $0.stateSubscribers.removeValue(forKey: id) }
            }
        }
    }

    /// Closes the current session and stops renewing.
    ///
    /// Idempotent.
    public func close() async {
        let (client, loop, subscribers, stateSubscribers) = state.withLock { s in
            s.closed = true
            defer {
                s.subscribers = [:]
                s.stateSubscribers = [:]
            }
            return (s.client, s.loop, Array(s.subscribers.values), Array(s.stateSubscribers.values))
        }
        loop?.cancel()
        await client.close()
        await loop?.value
        for subscriber in subscribers { subscriber.finish() }
        for subscriber in stateSubscribers {
            subscriber.yield(.closed)
            subscriber.finish()
        }
    }

    private func forwardStates(of client: ZooKeeperClient, to id: UInt) async {
        for await change in client.sessionStates {
            let subscriber = state.withLock { s in s.client === client ? s.stateSubscribers[id] : nil }
            guard let subscriber else { return }
            if change != .closed { subscriber.yield(change) }
        }
    }

    private func renewLoop() async {
        let logger = configuration.logger
        while !Task.isCancelled {
            let current = client
            // Wait until the current session is over for good.
            var ended: SessionState = .closed
            for await change in current.sessionStates where change.isTerminal {
                ended = change
                break
            }
            if Task.isCancelled || state.withLock({ $0.closed }) { return }
            logger.warning(
                "ZooKeeper session \(ended); connecting a new one",
                metadata: ["zk.connect": "\(configuration.connectString)"]
            )
            await current.close()
            let stateSubscribers = state.withLock { Array($0.stateSubscribers.values) }
            for subscriber in stateSubscribers { subscriber.yield(.connecting) }
            guard let next = await connectWithRetry() else { return }
            let (subscribers, ids, closed) = state.withLock { s in
                if !s.closed {
                    s.client = next
                    s.generation += 1
                }
                return (Array(s.subscribers.values), Array(s.stateSubscribers.keys), s.closed)
            }
            if closed {
                await next.close()
                return
            }
            logger.info(
                "ZooKeeper session renewed",
                metadata: ["zk.connect": "\(configuration.connectString)", "zk.generation": "\(generation)"]
            )
            for subscriber in subscribers { subscriber.yield(next) }
            for id in ids { Task { await self.forwardStates(of: next, to: id) } }
        }
    }

    private func connectWithRetry() async -> ZooKeeperClient? {
        while !Task.isCancelled {
            do {
                return try await ZooKeeperClient.connect(configuration)
            } catch {
                configuration.logger.warning(
                    "Could not renew the ZooKeeper session: \(error); retrying in \(retryDelay)",
                    metadata: ["zk.connect": "\(configuration.connectString)"]
                )
                try? await Task.sleep(for: retryDelay)
            }
        }
        return nil
    }
}
