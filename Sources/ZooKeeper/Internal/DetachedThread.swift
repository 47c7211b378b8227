import Glibc

/// Runs blocking work (joining the C library's threads) on a detached thread of its own.
///
/// Not Dispatch's global pool: on Linux it has one thread per core and replaces a blocked one
/// only when its once-a-second monitor notices, so a blocking call there can hold unrelated
/// work back by a whole second. Not Foundation's `Thread`: this library does not import
/// Foundation.
enum DetachedThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread; if no thread can be made, runs it on the caller's.
    static func run(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread,
            nil,
            { raw in
                Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            },
            context
        )
        if started == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
        }
    }
}
