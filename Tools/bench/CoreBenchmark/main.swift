// The transaction core's own cost, without a network: N concurrent TMs each run
// begin + 2 branch registers + commit (2 BranchCommits answered at once by an in-process RM)
// against the file store, in both flush modes. Tools/bench/core-bench.sh builds it in release
// mode; tc-bench.sh measures the whole coordinator against a do-nothing responder.
//
//   CoreBenchmark [seconds per cell] [mix: tcc|at|rollback] [modes: async,sync] [TMs: 1,16,128]

import FileStore
import Foundation
import Logging
import SeataProtocol
import Synchronization
import TransactionCore

/// An RM that answers every phase-two call at once.
struct InstantRM: BranchMessenger {
    func commit(_ branch: BranchSession) async throws -> BranchStatus { .phaseTwoCommitted }
    func rollback(_ branch: BranchSession) async throws -> BranchStatus { .phaseTwoRollbacked }
    func deleteUndoLogs(saveDays: Int) async {}
}

enum Mix: String {
    case tcc, at, rollback
}

struct Cell {
    var mode: FileStore.FlushDiskMode
    var tms: Int
    var transactions: Int
    var seconds: Double
    var latencies: [Double]

    var rate: Double { Double(transactions) / seconds }

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let sorted = latencies.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

func transaction(_ core: TransactionCoordinator, _ mix: Mix, _ tm: Int, _ n: Int) async throws {
    let xid = try await core.begin(applicationId: "bench", transactionServiceGroup: "g", name: "tx", timeout: 60_000)
    let type: BranchType = mix == .at ? .at : .tcc
    for branch in 0..<2 {
        _ = try await core.registerBranch(
            xid: xid,
            branchType: type,
            resourceId: "r\(branch)",
            clientId: "bench:127.0.0.1:1",
            lockKey: mix == .at ? "t\(branch):\(tm)_\(n)" : "",
            applicationData: ""
        )
    }
    let status = mix == .rollback ? try await core.rollback(xid: xid) : try await core.commit(xid: xid)
    precondition(status == .committed || status == .rollbacked, "unexpected end \(status)")
}

func run(mode: FileStore.FlushDiskMode, tms: Int, seconds: Double, mix: Mix) async throws -> Cell {
    let folder = NSTemporaryDirectory() + "core-bench-\(UUID().uuidString)"
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let store = try FileStore.open(path: folder, options: FileStore.Options(flushDiskMode: mode), logger: logger)
    let core = TransactionCoordinator(
        store: store,
        messenger: InstantRM(),
        host: "127.0.0.1",
        port: 8091,
        ids: IdGenerator(workerId: 1),
        logger: logger
    )
    // The async-committing job finishes AT transactions, as in the server.
    let jobs = Task { await core.runRecoveryJobs() }
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    let start = ContinuousClock.now
    let results = try await withThrowingTaskGroup(of: [Double].self) { group in
        for tm in 0..<tms {
            group.addTask {
                var latencies: [Double] = []
                var n = 0
                while ContinuousClock.now < deadline {
                    let begun = ContinuousClock.now
                    try await transaction(core, mix, tm, n)
                    let elapsed = ContinuousClock.now - begun
                    latencies.append(
                        Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
                    )
                    n += 1
                }
                return latencies
            }
        }
        var all: [Double] = []
        for try await latencies in group { all += latencies }
        return all
    }
    let elapsed = ContinuousClock.now - start
    jobs.cancel()
    await jobs.value
    await store.close()
    try? FileManager.default.removeItem(atPath: folder)
    let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Cell(mode: mode, tms: tms, transactions: results.count, seconds: total, latencies: results)
}

let arguments = CommandLine.arguments
let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 3 : 3
let mix = arguments.count > 2 ? Mix(rawValue: arguments[2]) ?? .tcc : .tcc
print("| mix | flushDiskMode | TMs | tx/s | p50 ms | p99 ms |")
print("|---|---|---:|---:|---:|---:|")
let modes = (arguments.count > 3 ? arguments[3] : "async,sync").split(separator: ",")
    .compactMap {
        FileStore.FlushDiskMode(rawValue: String($0))
    }
let concurrency = (arguments.count > 4 ? arguments[4] : "1,16,128").split(separator: ",").compactMap { Int($0) }
for mode in modes {
    for tms in concurrency {
        let cell = try await run(mode: mode, tms: tms, seconds: seconds, mix: mix)
        print(
            "| \(mix.rawValue) | \(mode.rawValue) | \(tms) | \(Int(cell.rate)) | "
                + String(format: "%.3f | %.3f |", cell.percentile(0.5), cell.percentile(0.99))
        )
    }
}
