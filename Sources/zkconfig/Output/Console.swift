import Foundation
import Synchronization

/// Where output goes: stdout for scripts, stderr for people.
///
/// Writes go straight to the file descriptors, unbuffered, so a line is out when the call returns
/// (`watch` relies on that) and lines from concurrent tasks never interleave.
enum Console {
    private static let lock = Mutex(())

    /// Writes `text` to stdout as is.
    static func out(_ text: String) {
        write(text, to: FileHandle.standardOutput)
    }

    /// Writes a message line to stderr, prefixed `zkconfig: `.
    static func message(_ text: String) {
        write("zkconfig: \(text)\n", to: FileHandle.standardError)
    }

    /// Writes `text` to stderr as is (progress redraws).
    static func errRaw(_ text: String) {
        write(text, to: FileHandle.standardError)
    }

    /// Whether stderr is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    private static func write(_ text: String, to handle: FileHandle) {
        guard !text.isEmpty else { return }
        lock.withLock { _ in
            // A closed pipe (`zkconfig watch | head -1`) must end the process quietly, not crash it.
            do { try handle.write(contentsOf: Data(text.utf8)) } catch { exit(0) }
        }
    }
}
