import CConcurrencyHook
import NIOCore
import NIOPosix

/// Makes SwiftNIO's singleton event loops Swift's global executor, in every build.
///
/// A request decoded on an event loop is then answered by the core and written back on that
/// same thread, with no hop to Swift's own pool and back. Not SwiftNIO's own installer: it finds
/// the runtime's hook with `dlsym`, which fails when the runtime is linked in statically (as
/// `Tools/install.sh` ships it), and the installed coordinator then ran its tasks on Dispatch's
/// pool, about 15 % more CPU per AT transaction than the build the benchmarks measured. This
/// sets the same hook through its linked address, in the static and the shared build alike.
///
/// Used by the `coordinator` executable and by the benchmark client (`TCBenchmark`).
package enum GlobalExecutorTakeover {
    /// The runtime's hook type: the job, and the runtime's own enqueue (not used).
    private typealias Hook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Installs the loops as the global executor; false if another hook was there first.
    ///
    /// Call once, from the top of `main`, before any task is created.
    package static func install() -> Bool {
        let slot = zkcc_swift_task_enqueueGlobal_hook_address()
        guard slot.pointee == nil else { return false }
        let hook: Hook = { job, _ in
            // `any()` is the current loop when called from one of the group's threads.
            MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(ExecutorJob(job))
        }
        slot.pointee = unsafeBitCast(hook, to: UnsafeMutableRawPointer.self)
        return true
    }

    /// Whether a new task starts on one of the singleton group's event loops.
    package static func tasksRunOnTheLoops() async -> Bool {
        await Task.detached { MultiThreadedEventLoopGroup.currentEventLoop != nil }.value
    }
}
