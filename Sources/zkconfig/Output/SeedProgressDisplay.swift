import ConfigCenter

/// Progress of a large seed on stderr: shown only when stderr is a terminal and the input has
/// more than 1,000 keys, redrawn on one line.
struct SeedProgressDisplay {
    let enabled: Bool
    let verbose: Bool

    init(keys: Int, verbose: Bool) {
        self.enabled = keys > 1000 && Console.stderrIsTerminal
        self.verbose = verbose
    }

    func report(_ progress: SeedProgress) {
        if case .conflict(let attempt, let maxAttempts, let reason) = progress, verbose || enabled {
            Console.message("attempt \(attempt) of \(maxAttempts) conflicted (\(reason)); reading and planning again")
            return
        }
        guard enabled else { return }
        switch progress {
        case .read(let keys):
            Console.errRaw("\rzkconfig: read ZooKeeper, planning \(keys) keys…\u{1B}[K")
        case .planned(let summary, _):
            Console.errRaw(
                "\rzkconfig: planned \(summary[.create]) creates, \(summary[.update]) updates, "
                    + "\(summary[.delete]) deletes…\u{1B}[K"
            )
        case .applied(let index, let count, let operations):
            Console.errRaw("\rzkconfig: committed multi \(index) of \(count) (\(operations) operations)\u{1B}[K")
            if index == count { Console.errRaw("\n") }
        case .conflict: break
        }
    }

    /// Says that the stored keys are being read (the first, and for a large tree the longest, step).
    func start() {
        if enabled { Console.errRaw("zkconfig: reading ZooKeeper…") }
    }

    /// Ends the progress line before other messages.
    func finish() {
        if enabled { Console.errRaw("\r\u{1B}[K") }
    }
}
