import Foundation
import Synchronization

/// Bounds the console's login attempts, so its password cannot be guessed at network speed.
///
/// A token bucket per client address (`perClient` attempts at once, one more every `refill`) and one
/// for all clients together (`overall`, refilled `overallPerSecond` a second), which bounds many
/// addresses too. Every attempt counts, right or wrong: a refused one says nothing about the
/// password.
final class LoginLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var clients: [String: Bucket] = [:]
        var overall: Bucket
    }

    let perClient: Double
    let refill: Duration
    let overall: Double
    let overallPerSecond: Double
    private let state: Mutex<State>

    init(perClient: Int = 10, refill: Duration = .seconds(1), overall: Int = 50, overallPerSecond: Double = 10) {
        self.perClient = Double(perClient)
        self.refill = refill
        self.overall = Double(overall)
        self.overallPerSecond = overallPerSecond
        self.state = Mutex(State(overall: Bucket(tokens: Double(overall), updated: .now)))
    }

    /// Takes one attempt for `client`; nil when allowed, else how long to wait.
    func take(client: String, now: ContinuousClock.Instant = .now) -> Duration? {
        let perSecond = 1 / (Double(refill.components.seconds) + Double(refill.components.attoseconds) / 1e18)
        return state.withLock { state -> Duration? in
            var mine = state.clients[client] ?? Bucket(tokens: perClient, updated: now)
            Self.fill(&mine, capacity: perClient, perSecond: perSecond, now: now)
            Self.fill(&state.overall, capacity: overall, perSecond: overallPerSecond, now: now)
            defer {
                state.clients[client] = mine
                // Forget full buckets so the table stays small.
                if state.clients.count > 10_000 { state.clients = state.clients.filter { $0.value.tokens < perClient } }
            }
            if mine.tokens < 1 { return .milliseconds(Int64(((1 - mine.tokens) / perSecond * 1000).rounded(.up))) }
            if state.overall.tokens < 1 {
                return .milliseconds(Int64(((1 - state.overall.tokens) / overallPerSecond * 1000).rounded(.up)))
            }
            mine.tokens -= 1
            state.overall.tokens -= 1
            return nil
        }
    }

    private static func fill(_ bucket: inout Bucket, capacity: Double, perSecond: Double, now: ContinuousClock.Instant)
    {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(capacity, bucket.tokens + max(0, seconds) * perSecond)
        bucket.updated = now
    }
}
