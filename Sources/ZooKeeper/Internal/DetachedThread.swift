#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let rc = pthread_create(
            &thread,
            &attributes,
            { raw in
                #if canImport(Darwin)
                let work = Unmanaged<Work>.fromOpaque(raw).takeRetainedValue()
                #else
                let work = Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue()
                #endif
                work.body()
                return nil
            },
            context
        )
        if rc != 0 {
            Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
        }
    }
}
