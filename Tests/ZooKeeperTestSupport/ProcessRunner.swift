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
    private let out = OutputBuffer()
    private let err = OutputBuffer()
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
        let outBox = out
        let errBox = err
        outPipe.fileHandleForReading.readabilityHandler = { handle in outBox.append(handle.availableData) }
        errPipe.fileHandleForReading.readabilityHandler = { handle in errBox.append(handle.availableData) }
        process.terminationHandler = { [weak self] p in
            // Drain what the readability handlers have not picked up yet.
            outPipe.fileHandleForReading.readabilityHandler = nil
            errPipe.fileHandleForReading.readabilityHandler = nil
            let restOut = (try? outPipe.fileHandleForReading.readToEnd()) ?? nil
            let restErr = (try? errPipe.fileHandleForReading.readToEnd()) ?? nil
            guard let self else { return }
            if let restOut { self.out.append(restOut) }
            if let restErr { self.err.append(restErr) }
            let status = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
            let result = ProcessResult(
                status: status,
                stdout: self.stdoutSoFar,
                stderr: self.stderrSoFar,
                elapsed: ContinuousClock.now - self.started
            )
            self.finished.withLock { $0 = result }
            let waiting = self.waiters.withLock { w in
                defer { w = [] }
                return w
            }
            for waiter in waiting { waiter.resume(returning: result) }
        }
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
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

private final class OutputBuffer: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}
