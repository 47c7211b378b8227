import Logging
import ZooKeeper

extension LiveConfig {
    /// The loop behind `run()`: waits for events, re-reads what they name, publishes the result.
    ///
    /// Everything it starts (watch waiters, session observers, retry timers) is a child task
    /// of one group, so cancelling `run()` ends all of it.
    func follow(from initial: ZNodeTracker) async {
        let inbox = LiveConfigInbox()
        let session = self.session
        await withDiscardingTaskGroup { group in
            var tracker = initial
            group.addTask {
                for await client in session.sessions() { inbox.post(.session(client)) }
            }
            let (firstClient, firstGeneration) = (tracker.client, tracker.generation)
            group.addTask { await Self.observeReconnects(of: firstClient, generation: firstGeneration, inbox: inbox) }
            for armed in tracker.takeArmedWatches() {
                group.addTask { await Self.await(armed, inbox: inbox) }
            }

            var carried = ZNodeTracker.Refresh()
            var backoff = Duration.milliseconds(50)
            for await _ in inbox.wakeups {
                var refresh = carried
                for event in inbox.take() {
                    switch event {
                    case .fired(let target, let generation):
                        if generation == tracker.generation { refresh.merge(tracker.fired(target)) }
                    case .reconnected(let generation):
                        guard generation == tracker.generation else { continue }
                        logger.info("ZooKeeper reconnected; re-reading the config", metadata: metadata)
                        refresh.merge(.init(everything: true))
                    case .session(let client):
                        guard client !== tracker.client else { continue }
                        refresh.merge(tracker.adopt(client))
                        logger.notice(
                            "New ZooKeeper session; reloading the config and re-arming watches",
                            metadata: metadata
                        )
                        let generation = tracker.generation
                        group.addTask { await Self.observeReconnects(of: client, generation: generation, inbox: inbox) }
                    case .retry:
                        break
                    }
                }
                if refresh.isEmpty { continue }
                do {
                    try await tracker.refresh(refresh)
                    carried = .init()
                    backoff = .milliseconds(50)
                } catch {
                    carried = refresh
                    if Self.sessionIsOver(error) {
                        // The renewed session arrives on `sessions()` and triggers a full reload.
                        logger.warning(
                            "Config re-read failed: the session is over; waiting for a new one",
                            metadata: metadata.merging(["error": "\(error)"]) { $1 }
                        )
                    } else {
                        logger.warning(
                            "Config re-read failed; retrying in \(backoff)",
                            metadata: metadata.merging(["error": "\(error)"]) { $1 }
                        )
                        let delay = backoff
                        group.addTask {
                            try? await Task.sleep(for: delay)
                            inbox.post(.retry)
                        }
                        backoff = min(backoff * 2, .seconds(2))
                    }
                }
                // Watches armed by the reads that succeeded must be awaited, even after a failure.
                for armed in tracker.takeArmedWatches() {
                    group.addTask { await Self.await(armed, inbox: inbox) }
                }
                if carried.isEmpty { evaluate(tracker.stored) }
            }
            group.cancelAll()
        }
    }

    var metadata: Logger.Metadata { ["config.source": "\(layout.description)"] }

    /// Whether reads on this session can never succeed again (a new session is needed).
    private static func sessionIsOver(_ error: any Error) -> Bool {
        guard let error = error as? ZooKeeperError else { return false }
        return [.sessionExpired, .closing, .authFailed].contains(error.code)
    }

    /// Waits for one watch and posts its event; an ended session posts nothing (the renewed
    /// session re-arms everything).
    private static func await(_ armed: ZNodeTracker.ArmedWatch, inbox: LiveConfigInbox) async {
        do {
            _ = try await armed.watch.event()
            inbox.post(.fired(armed.target, generation: armed.generation))
        } catch let error as ZooKeeperError where error.code == .watchRemoved {
            // The server dropped the watch: read again, which arms a new one.
            inbox.post(.fired(armed.target, generation: armed.generation))
        } catch {
            // Expired, closed or cancelled.
        }
    }

    /// Posts `.reconnected` each time the session is back after a disconnect.
    private static func observeReconnects(of client: ZooKeeperClient, generation: Int, inbox: LiveConfigInbox) async {
        var lost = false
        for await state in client.sessionStates {
            switch state {
            case .disconnected, .connecting:
                lost = true
            case .connected, .connectedReadOnly:
                if lost { inbox.post(.reconnected(generation: generation)) }
                lost = false
            case .expired, .authFailed, .closed:
                return
            }
        }
    }
}
