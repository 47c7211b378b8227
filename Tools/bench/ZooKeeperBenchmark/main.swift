import Foundation
import ZooKeeper

// The ZooKeeperClient side of the benchmark: N creates, gets and deletes under ROOT, at most
// WINDOW requests in flight on one session (the client's own limit), WINDOW worker tasks.
// Prints "<phase> <n> <seconds>" per phase, like the C and kazoo comparators.
//
//     zk-bench CONNECT ROOT N WINDOW

let arguments = CommandLine.arguments
guard arguments.count == 5, let n = Int(arguments[3]), let window = Int(arguments[4]) else {
    print("usage: zk-bench CONNECT ROOT N WINDOW")
    exit(64)
}
let root = arguments[2]
let zk = try await ZooKeeperClient.connect(
    .init(connectString: arguments[1], connectTimeout: .seconds(10), maxRequestsInFlight: window)
)
if try await zk.exists(root) == nil { try await zk.create(root) }
let value = [UInt8](repeating: UInt8(ascii: "v"), count: 16)

func phase(_ name: String, _ operation: @escaping @Sendable (String) async throws -> Void) async throws {
    let workers = min(window, n)
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<workers {
            group.addTask {
                for i in stride(from: worker, to: n, by: workers) { try await operation("\(root)/n\(i)") }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(name) \(n) \(String(format: "%.6f", seconds))")
}

try await phase("create") { try await zk.create($0, data: value) }
try await phase("get") { _ = try await zk.get($0) }
try await phase("delete") { try await zk.delete($0) }
try await zk.delete(root)
await zk.close()
