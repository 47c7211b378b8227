import Dispatch
import Foundation

/// SIGINT and SIGTERM, for `watch` to stop on: the signals are ignored by the default handler
/// and delivered through dispatch sources instead.
///
/// The sources live in a static for the whole process. Held only by a local that the program
/// never reads again, they were released early by the optimizer in release builds (after
/// `SIG_IGN` was set), and then nothing handled the signals at all: Ctrl-C did nothing.
enum InterruptSignals {
    /// Written once, by `install()` before any signal can arrive; never read (it only holds).
    private nonisolated(unsafe) static var installed: [any DispatchSourceSignal] = []

    /// Starts handling SIGINT and SIGTERM; each one is yielded on the returned stream.
    ///
    /// As a backstop, the process exits 0 `deadline` after the first signal, whatever the
    /// graceful path is doing (a close that waits on a frozen server, a connect in progress).
    static func install(deadline: Duration = .milliseconds(700)) -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM]
            .map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    continuation.yield(number)
                    let (seconds, attoseconds) = deadline.components
                    let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                    // Output is written unbuffered, so nothing is lost by exiting here.
                    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { exit(0) }
                }
                source.resume()
                return source
            }
        installed += sources
        return stream
    }
}
