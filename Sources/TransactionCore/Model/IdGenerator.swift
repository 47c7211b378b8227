import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Snowflake-style 64-bit ids for transactions and branches: unique across restarts and across
/// coordinators that share a store, given distinct worker ids.
///
/// Layout (most significant first): 1 zero bit (ids stay positive: the wire carries i64),
/// 41 bits of milliseconds since 2020-01-01 UTC (until 2089), 10 bits of worker id, 12 bits of
/// sequence. Up to 4,096 ids per millisecond; beyond that the generator borrows the next
/// millisecond rather than waiting, and when the clock steps back it keeps counting from the last
/// millisecond it used, so ids never repeat within a process.
///
/// Across restarts ids stay unique as long as the wall clock at the restart is later than the last
/// millisecond used before it; `notBefore` (the highest id found in the store) makes that hold for
/// every id the store still knows, whatever the clock says.
///
/// The worker id must differ between coordinators sharing one database (issue 12): the caller
/// chooses it (from configuration, or derived from the advertised address) and passes it in.
public final class IdGenerator: Sendable {
    /// The first millisecond of the id clock: 2020-01-01T00:00:00Z.
    public static let epochMilliseconds: Int64 = 1_577_836_800_000
    /// The largest worker id (10 bits).
    public static let maxWorkerId = 1023

    private struct State {
        var lastMillisecond: Int64
        var sequence: Int64
    }

    /// This generator's worker id, 0…1023.
    public var workerId: Int { Int(worker.load(ordering: .relaxed)) }
    private let worker: Atomic<Int64>
    private let clock: @Sendable () -> Int64
    private let state: Mutex<State>

    /// Makes a generator.
    ///
    /// - Parameters:
    ///   - workerId: 0…1023; distinct for every coordinator on one store.
    ///   - notBefore: An id already in use (the store's highest); new ids are larger.
    ///   - clock: Milliseconds since 1970 (the wall clock by default).
    /// - Precondition: `workerId` is within 0…1023.
    public init(
        workerId: Int,
        notBefore: Int64 = 0,
        clock: @escaping @Sendable () -> Int64 = WallClock.milliseconds
    ) {
        precondition((0...Self.maxWorkerId).contains(workerId), "worker id \(workerId) is outside 0…1023")
        self.worker = Atomic(Int64(workerId))
        self.clock = clock
        let floor = notBefore > 0 ? (notBefore >> 22) : -1
        state = Mutex(State(lastMillisecond: floor, sequence: 4095))
    }

    /// The next id.
    public func next() -> Int64 {
        let now = clock() - Self.epochMilliseconds
        let (millisecond, sequence) = state.withLock { state -> (Int64, Int64) in
            if now > state.lastMillisecond {
                state.lastMillisecond = now
                state.sequence = 0
            } else if state.sequence < 4095 {
                state.sequence += 1
            } else {
                state.lastMillisecond += 1
                state.sequence = 0
            }
            return (state.lastMillisecond, state.sequence)
        }
        return (millisecond << 22) | (worker.load(ordering: .relaxed) << 12) | sequence
    }

    /// Switches to another worker id: a coordinator on a shared database whose id lease was
    /// taken over (it could not renew it in time) claims a new one.
    ///
    /// - Precondition: `workerId` is within 0…1023.
    public func reassign(workerId: Int) {
        precondition((0...Self.maxWorkerId).contains(workerId), "worker id \(workerId) is outside 0…1023")
        worker.store(Int64(workerId), ordering: .relaxed)
    }
}

/// The wall clock in milliseconds since 1970, as Seata stores `begin_time`.
public enum WallClock {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    @Sendable public static func milliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
