#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import EventLoopExecutor
import Logging
import NIOCore
import NIOPosix
import SeataClient
import Synchronization

// The client side of the transaction benchmark: N concurrent TMs on one TM client, and two RMs
// (two clients, resources bench-a and bench-b) whose handlers answer phase two at once. Each
// scenario runs a fixed time or a fixed count of global transactions, whichever ends first:
//   commit    begin + 2 TCC branch registers (one per RM) + commit → 2 BranchCommits
//   rollback  begin + 2 TCC branch registers + rollback → 2 BranchRollbacks (last branch first)
//   at        begin + 2 AT branch registers with lock keys (rows of their own) + commit (the AT
//             branches commit in the background)
// Latency is the whole transaction, begin to the commit's or rollback's answer.
// Prints one line per scenario and TM count:
//   RESULT <scenario> <tms> <transactions> <seconds> <tx/s> <p50 ms> <p99 ms> <errors>
// then a markdown table on stderr. Exits 2 when the first transaction fails (nothing measured).
//
//     TCBenchmark --coordinator HOST:PORT [--scenarios commit,rollback,at] [--tms 1,16,128]
//                 [--seconds 3] [--transactions 100000] [--warmup 1] [--executor nio|swift] [--merge]
// --merge: the RMs merge their requests into MergedWarp frames, as Seata's Java RM does by default.

struct Options {
    var coordinator = "127.0.0.1:8091"
    var scenarios = ["commit", "rollback", "at"]
    var tms = [1, 16, 128]
    var seconds = 3.0
    var transactions = 100_000
    var warmup = 1.0
    var executor = "nio"
    var merge = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments[...]
        func fail(_ message: String) -> Never {
            print("TCBenchmark: \(message)")
            print(
                "usage: TCBenchmark --coordinator HOST:PORT [--scenarios commit,rollback,at] [--tms 1,16,128] "
                    + "[--seconds S] [--transactions N] [--warmup S] [--executor nio|swift] [--merge]"
            )
            exit(64)
        }
        while let flag = rest.popFirst() {
            if flag == "--merge" {
                options.merge = true
                continue
            }
            guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
            switch flag {
            case "--coordinator": options.coordinator = value
            case "--scenarios":
                options.scenarios = value.split(separator: ",").map(String.init)
                for scenario in options.scenarios where Scenario(rawValue: scenario) == nil {
                    fail("unknown scenario \(scenario): use commit, rollback, at")
                }
            case "--tms":
                options.tms = value.split(separator: ",").compactMap { Int($0) }
                if options.tms.isEmpty || options.tms.contains(where: { $0 < 1 }) { fail("--tms: positive counts") }
            case "--seconds": options.seconds = Double(value) ?? 0
            case "--transactions": options.transactions = Int(value) ?? 0
            case "--warmup": options.warmup = Double(value) ?? -1
            case "--executor":
                guard value == "nio" || value == "swift" else { fail("--executor: nio or swift") }
                options.executor = value
            default: fail("unknown option \(flag)")
            }
        }
        if options.seconds <= 0 || options.transactions <= 0 || options.warmup < 0 {
            fail("--seconds and --transactions must be positive, --warmup not negative")
        }
        return options
    }
}

enum Scenario: String {
    case commit
    case rollback
    case at
}

/// Counts the phase-two calls the RMs answered.
final class PhaseTwoCount: Sendable {
    let commits = Atomic<Int>(0)
    let rollbacks = Atomic<Int>(0)

    func resource(_ id: String) -> ResourceHandler {
        ResourceHandler(
            resourceId: id,
            branchType: .tcc,
            commit: { _ in
                self.commits.add(1, ordering: .relaxed)
                return .phaseTwoCommitted
            },
            rollback: { _ in
                self.rollbacks.add(1, ordering: .relaxed)
                return .phaseTwoRollbacked
            }
        )
    }
}

/// One TM's results.
struct WorkerResult: Sendable {
    var latencies: [Int64] = []
    var errors = 0
    var firstError: String?
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
// Tasks run on NIO's event loops, as a latency-minded service would set it up: a resumed request
// then continues on an I/O thread instead of hopping to Swift's pool (about a third less client
// CPU per transaction here). `--executor swift` keeps Swift's own pool.
if options.executor == "nio" {
    // As the coordinator does it, so it works in the runtime-static build too.
    _ = GlobalExecutorTakeover.install()
}
let logger: Logger = {
    var logger = Logger(label: "tc-benchmark")
    logger.logLevel = .error
    return logger
}()
let address: CoordinatorAddress
do {
    address = try CoordinatorAddress(parsing: options.coordinator)
} catch {
    print("TCBenchmark: --coordinator: \(error)")
    exit(64)
}

func makeClient(_ name: String, roles: SeataClientRoles, resources: [ResourceHandler]) -> SeataClient {
    var configuration = SeataClientConfiguration(applicationId: name, transactionServiceGroup: "default_tx_group")
    configuration.roles = roles
    if options.merge { configuration.mergedRequests = .resourceManager }
    return SeataClient(
        configuration: configuration,
        discovery: StaticCoordinators([address]),
        resources: resources,
        logger: logger
    )
}

let count = PhaseTwoCount()
let tm = makeClient("bench-tm", roles: .transactionManager, resources: [])
let rmA = makeClient("bench-rm-a", roles: .resourceManager, resources: [count.resource("bench-a")])
let rmB = makeClient("bench-rm-b", roles: .resourceManager, resources: [count.resource("bench-b")])
let clients = [tm, rmA, rmB]

func shutdownAll() async {
    for client in clients { await client.shutdown() }
}

do {
    for client in clients { try await client.start(timeout: .seconds(10)) }
} catch {
    print("TCBenchmark: cannot connect to the coordinator at \(address): \(error)")
    await shutdownAll()
    exit(2)
}

/// One global transaction of `scenario`; `row` makes AT lock keys unique.
@Sendable func transaction(_ scenario: Scenario, row: Int) async throws {
    let xid = try await tm.begin(name: "bench-\(scenario.rawValue)", timeout: .seconds(60))
    switch scenario {
    case .commit, .rollback:
        _ = try await rmA.registerBranch(xid: xid, branchType: .tcc, resourceId: "bench-a", applicationData: "{}")
        _ = try await rmB.registerBranch(xid: xid, branchType: .tcc, resourceId: "bench-b", applicationData: "{}")
    case .at:
        _ = try await rmA.registerBranch(xid: xid, branchType: .at, resourceId: "bench-a", lockKey: "stock:\(row)")
        _ = try await rmB.registerBranch(
            xid: xid,
            branchType: .at,
            resourceId: "bench-b",
            lockKey: "orders:\(row)_1,\(row)_2"
        )
    }
    if scenario == .rollback {
        let status = try await tm.rollback(xid: xid)
        guard status == .rollbacked else { throw Unexpected(status: status, xid: xid) }
    } else {
        let status = try await tm.commit(xid: xid)
        guard status == .committed else { throw Unexpected(status: status, xid: xid) }
    }
}

struct Unexpected: Error, CustomStringConvertible {
    let status: GlobalStatus
    let xid: String
    var description: String { "\(xid) ended \(status)" }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A count shared by the workers.
final class Counter: Sendable {
    private let value: Atomic<Int>

    init(_ value: Int) {
        self.value = Atomic(value)
    }

    /// Takes one; false when none was left.
    func take() -> Bool { value.subtract(1, ordering: .relaxed).oldValue > 0 }

    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}

let rows = Counter(0)

/// Runs `tms` workers for at most `limit` and `budget` transactions.
func run(_ scenario: Scenario, tms: Int, limit: Duration, budget: Int) async -> (
    results: [WorkerResult], elapsed: Duration
) {
    let remaining = Counter(budget)
    let start = ContinuousClock.now
    let end = start + limit
    let results = await withTaskGroup(of: WorkerResult.self) { group in
        for _ in 0..<tms {
            group.addTask {
                var result = WorkerResult()
                result.latencies.reserveCapacity(4096)
                while remaining.take(), ContinuousClock.now < end {
                    let began = ContinuousClock.now
                    do {
                        try await transaction(scenario, row: rows.next())
                        let took = ContinuousClock.now - began
                        result.latencies.append(
                            took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000
                        )
                    } catch {
                        result.errors += 1
                        if result.firstError == nil { result.firstError = "\(error)" }
                    }
                }
                return result
            }
        }
        var all: [WorkerResult] = []
        for await result in group { all.append(result) }
        return all
    }
    return (results, ContinuousClock.now - start)
}

// The first transaction says whether the coordinator serves transactions at all.
do {
    try await transaction(.commit, row: 0)
} catch {
    print("TCBenchmark: the coordinator at \(address) does not complete a transaction: \(error)")
    await shutdownAll()
    exit(2)
}
if options.warmup > 0 {
    _ = await run(.commit, tms: 16, limit: .milliseconds(Int64(options.warmup * 1000)), budget: .max)
}

var table = [
    "| scenario | TMs | transactions | tx/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|",
]
for name in options.scenarios {
    let scenario = Scenario(rawValue: name)!
    for tms in options.tms {
        let commitsBefore = count.commits.load(ordering: .relaxed)
        let rollbacksBefore = count.rollbacks.load(ordering: .relaxed)
        let (results, elapsed) = await run(
            scenario,
            tms: tms,
            limit: .milliseconds(Int64(options.seconds * 1000)),
            budget: options.transactions
        )
        var latencies = results.flatMap(\.latencies)
        latencies.sort()
        let errors = results.reduce(0) { $0 + $1.errors }
        let done = latencies.count
        let time = seconds(elapsed)
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return Double(latencies[min(latencies.count - 1, Int((p / 100 * Double(latencies.count - 1)).rounded()))])
                / 1e6
        }
        let rate = Double(done) / time
        let p50 = percentile(50)
        let p99 = percentile(99)
        emit(1, "RESULT \(name) \(tms) \(done) \(fmt(time, 3)) \(fmt(rate, 1)) \(fmt(p50, 3)) \(fmt(p99, 3)) \(errors)")
        table.append("| \(name) | \(tms) | \(done) | \(fmt(rate, 0)) | \(fmt(p50, 2)) | \(fmt(p99, 2)) | \(errors) |")
        if let first = results.compactMap(\.firstError).first {
            emit(2, "TCBenchmark: \(name) with \(tms) TMs: \(errors) failed transactions, first: \(first)")
        }
        // Phase two must have happened, or the floor (or the coordinator) skipped round trips.
        let commits = count.commits.load(ordering: .relaxed) - commitsBefore
        let rollbacks = count.rollbacks.load(ordering: .relaxed) - rollbacksBefore
        if scenario == .commit && commits < 2 * done || scenario == .rollback && rollbacks < 2 * done {
            emit(
                2,
                "TCBenchmark: \(name) with \(tms) TMs: \(done) transactions but \(commits) BranchCommits and "
                    + "\(rollbacks) BranchRollbacks answered"
            )
        }
    }
}
emit(2, table.joined(separator: "\n"))
await shutdownAll()

/// Writes a line straight to a file descriptor (1 or 2), unbuffered.
func emit(_ descriptor: Int32, _ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(descriptor, $0.baseAddress, $0.count) }
}

/// `value` with `digits` decimals (no Foundation).
func fmt(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    guard digits > 0 else { return "\(Int(scaled))" }
    var fraction = String(Int(abs(scaled).truncatingRemainder(dividingBy: scale)))
    while fraction.count < digits { fraction = "0" + fraction }
    return "\(value < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
}
