package import NIOCore

/// A task executor that runs jobs on one SwiftNIO event loop.
///
/// The `coordinator` executable makes SwiftNIO's event loops Swift's global executor, so a task
/// runs on some event loop; but a task resumed from another thread (the file store's writer, a
/// PostgreSQL connection's loop, an RM's connection) goes to whichever loop comes next, and what
/// it then does on a channel crosses to that channel's loop, once per write and once per answer
/// awaited. A task that prefers the loop of the channel it works with does that work in place:
/// its writes go straight to the socket and the answers complete on the same thread.
///
/// - The transport runs a connection's requests on the connection's loop, so a request resumed
///   from elsewhere comes back to the loop that writes its answer.
/// - The database store runs its statements on their PostgreSQL connection's loop, so a batch of
///   several statements crosses threads once each way instead of once per statement and row.
///
/// What runs there must not block: the stores hand blocking work to threads of their own (the
/// file store's writer) or to the network, and locks are held for dictionary lookups only.
package final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop jobs run on.
    package let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    package init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Runs `job` on the loop, after what the loop is doing now.
    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
