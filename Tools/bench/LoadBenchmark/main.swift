import ConfigCenter
import Foundation
import Logging
import ZooKeeper

// The Swift side of the loading and propagation benchmark (Tools/bench/load-bench.sh).
//
//     load-bench seed CONNECT ROOT N               N keys key0…, 16-byte values, under ROOT
//     load-bench load CONNECT ROOT N WINDOW        ConfigLoader.load: sync, list, pipelined gets,
//                                                  values with origins, validation; prints
//                                                  "load <n> <seconds>"
//     load-bench propagate CONNECT ROOT COUNT      a LiveConfig over ROOT (the repository's
//                                                  schema and config); another client sets
//                                                  server.maxCommitRetryTimeout COUNT times and
//                                                  each time waits for the subscriber's update;
//                                                  prints "propagate <milliseconds>" per write

let arguments = CommandLine.arguments
func usage() -> Never {
    print("usage: load-bench seed|load|propagate CONNECT ROOT N [WINDOW]")
    exit(64)
}
guard arguments.count >= 5, let n = Int(arguments[4]) else { usage() }
let (command, connect, root) = (arguments[1], arguments[2], arguments[3])
let window = arguments.count > 5 ? Int(arguments[5]) ?? 256 : 256
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..")
    .standardized.path

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

switch command {
case "seed":
    let zk = try await ZooKeeperClient.connect(.init(connectString: connect, connectTimeout: .seconds(10)))
    if try await zk.exists(root) != nil { _ = try await zk.deleteRecursively(root) }
    try await zk.create(root, createParents: true)
    let value = [UInt8](repeating: UInt8(ascii: "v"), count: 16)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<min(n, 256) {
            group.addTask {
                for i in stride(from: worker, to: n, by: 256) { try await zk.create("\(root)/key\(i)", data: value) }
            }
        }
        try await group.waitForAll()
    }
    await zk.close()

case "load":
    let zk = try await ZooKeeperClient.connect(
        .init(connectString: connect, connectTimeout: .seconds(10), maxRequestsInFlight: window)
    )
    let loader = ConfigLoader(schema: .permissive, side: .both, environment: [:])
    let start = ContinuousClock.now
    let loaded = try await loader.load(from: zk, layout: .perKey(root: root))
    let elapsed = ContinuousClock.now - start
    guard loaded.storedValues.count == n else {
        FileHandle.standardError.write(Data("loaded \(loaded.storedValues.count) keys, expected \(n)\n".utf8))
        exit(70)
    }
    print("load \(n) \(String(format: "%.6f", seconds(elapsed)))")
    await zk.close()

case "propagate":
    let schema = try ConfigSchema.load(from: packageRoot + "/Config/schema.json")
    let writer = try await ZooKeeperClient.connect(.init(connectString: connect, connectTimeout: .seconds(10)))
    if try await writer.exists(root) != nil { _ = try await writer.deleteRecursively(root) }
    try await writer.create(root, createParents: true)
    let config = try PropertiesParser.parse(contentsOfFile: packageRoot + "/Config/config.txt").values()
    for (key, value) in config { try await writer.create("\(root)/\(key)", data: Array(value.value.utf8)) }
    let probe = "\(root)/server.maxCommitRetryTimeout"
    if try await writer.exists(probe) == nil { try await writer.create(probe, data: Array("0".utf8)) }

    let session = try await RenewingSession.connect(.init(connectString: connect, connectTimeout: .seconds(10)))
    let live = LiveConfig(
        session: session,
        layout: .perKey(root: root),
        loader: ConfigLoader(schema: schema, side: .server, environment: [:]),
        logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
    )
    let initial = try await live.start()
    guard initial.report.isValid else {
        FileHandle.standardError.write(Data("the seeded config is invalid\n".utf8))
        exit(70)
    }
    let runner = Task { try await live.run() }
    var changes = live.changes().makeAsyncIterator()
    for i in 1...n {
        let value = "\(1000 + i)"
        let start = ContinuousClock.now
        try await writer.set(probe, data: Array(value.utf8))
        while let change = await changes.next() {
            if case .accepted(let config, _) = change, config.effective["server.maxCommitRetryTimeout"]?.value == value
            {
                break
            }
        }
        print("propagate \(String(format: "%.3f", seconds(ContinuousClock.now - start) * 1000))")
        try await Task.sleep(for: .milliseconds(5))
    }
    runner.cancel()
    _ = await runner.result
    await session.close()
    _ = try await writer.deleteRecursively(root)
    await writer.close()

default:
    usage()
}
