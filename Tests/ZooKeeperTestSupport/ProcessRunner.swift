public import Foundation
import Synchronization

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    /// The exit status (or 128 + the signal that ended it).
    public var status: Int32
    /// Everything it wrote to stdout.
    public var stdout: String
    /// Everything it wrote to stderr.
    public var stderr: String
    /// How long it ran.
    public var elapsed: Duration
}

/// Runs the project's executables and scripts as child processes, as an operator would.
public enum ProcessRunner {
    /// A built executable of this package (`zkconfig`, `coordinator`), from the build folder
    /// `swift build` used (`SWIFT_BUILD_DIR`, else `.build/debug`).
    public static func executable(_ name: String) -> String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["SWIFT_BUILD_DIR"], !dir.isEmpty { return dir + "/" + name }
        // The test bundle lives in the same build folder as the executables.
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidate = bundle.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return TestEnvironment.packageRoot + "/.build/debug/" + name
    }

    /// Runs a process to completion.
    ///
    /// `environment` entries are added to (or, with a nil value,
    /// removed from) the test's own environment.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String?] = [:],
        stdin: String? = nil,
        currentDirectory: String? = nil
    ) async throws -> ProcessResult {
        let process = try RunningProcess(
            executable,
            arguments,
            environment: environment,
            stdin: stdin,
            currentDirectory: currentDirectory
        )
        return await process.wait()
    }
}

/// A child process that runs while the test goes on: signal it, read what it wrote so far,
/// wait for it.
public final class RunningProcess: Sendable {
    private let process: Process
    private let out = PipeDrain()
    private let err = PipeDrain()
    private let started: ContinuousClock.Instant
    private let finished = Mutex<ProcessResult?>(nil)
    private let waiters = Mutex<[CheckedContinuation<ProcessResult, Never>]>([])

    /// Starts `executable`.
    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String?] = [:],
        stdin: String? = nil,
        currentDirectory: String? = nil
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        self.process = process
        self.started = .now
        process.terminationHandler = { [weak self] p in
            let status = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
            self?.finish(status: status)
        }
        try process.run()
        out.start(reading: outPipe.fileHandleForReading)
        err.start(reading: errPipe.fileHandleForReading)
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
    }

    /// Answers the waiters once both pipes reached their end: they end when the last writer
    /// closes its end, and a grandchild that kept one open must not hold the result back
    /// forever.
    ///
    /// `elapsed` is taken when the exit is seen, not after the pipes drained. The wait runs on
    /// a thread of its own, not on Dispatch's global pool: on Linux that pool has one thread
    /// per core and adds one only when its once-a-second monitor sees the others blocked, so
    /// a blocking wait there could hold another test's result back by a whole second.
    private func finish(status: Int32) {
        let elapsed = ContinuousClock.now - started
        let thread = Thread { [self] in
            _ = out.waitForEnd(timeout: .seconds(10))
            _ = err.waitForEnd(timeout: .seconds(10))
            let result = ProcessResult(
                status: status,
                stdout: stdoutSoFar,
                stderr: stderrSoFar,
                elapsed: elapsed
            )
            finished.withLock { $0 = result }
            let waiting = waiters.withLock { w in
                defer { w = [] }
                return w
            }
            for waiter in waiting { waiter.resume(returning: result) }
        }
        thread.start()
    }

    /// A test that fails (throws) before stopping its process must not leave it running
    /// after the test run: the last reference going away kills it.
    deinit {
        if finished.withLock({ $0 }) == nil, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// What it wrote to stdout so far.
    public var stdoutSoFar: String { out.text }
    /// What it wrote to stderr so far.
    public var stderrSoFar: String { err.text }

    /// Sends a signal (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for it to exit.
    public func wait() async -> ProcessResult {
        await withCheckedContinuation { continuation in
            let done: ProcessResult? = finished.withLock { result in
                if let result { return result }
                waiters.withLock { $0.append(continuation) }
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Waits for it to exit, at most `timeout`; kills it (SIGKILL) if it is still running then.
    public func wait(timeout: Duration) async -> ProcessResult {
        let killer = Task {
            try await Task.sleep(for: timeout)
            self.signal(SIGKILL)
        }
        let result = await wait()
        killer.cancel()
        return result
    }

    /// Polls stdout and stderr until `text` appears or `timeout` passes; true if it appeared.
    public func waitForOutput(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if stdoutSoFar.contains(text) || stderrSoFar.contains(text) { return true }
            if finished.withLock({ $0 }) != nil { return stdoutSoFar.contains(text) || stderrSoFar.contains(text) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// What one of the child's pipes carried, read to its end on a thread of its own.
///
/// Not Foundation's `readabilityHandler`: that is a dispatch source whose cancellation is
/// asynchronous, so the pipe's descriptor could be closed, and its number reused, while
/// libdispatch still watched it. That crashed the whole test process in
/// `_dispatch_event_loop_drain` (SIGSEGV) under CI's load.
private final class PipeDrain: Sendable {
    private let data = Mutex(Data())
    private let ended = DispatchSemaphore(value: 0)

    /// Reads `handle` until end of file; the handle (and with it the descriptor) is let go
    /// only after the last read.
    func start(reading handle: FileHandle) {
        let thread = Thread { [self] in
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    let chunk = Data(buffer[0..<count])
                    data.withLock { $0.append(chunk) }
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            try? handle.close()
            ended.signal()
        }
        thread.start()
    }

    /// Waits until the pipe reached its end, at most `timeout`; true if it did.
    func waitForEnd(timeout: Duration) -> Bool {
        let nanoseconds = Int(timeout.components.seconds) * 1_000_000_000
        return ended.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success
    }

    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}
