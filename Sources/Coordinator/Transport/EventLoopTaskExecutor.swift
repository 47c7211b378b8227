import NIOCore

/// Runs a connection's request tasks on the connection's own event loop.
///
/// A request is read on the event loop and its answer is written there. Answered from Swift's
/// global pool, each request crossed threads twice (the loop wakes a pool thread, the pool thread
/// wakes the loop to write), and every await resumed from another thread (the store's writer, an
/// RM's answer) crossed once more. On a busy two-core box those wake-ups were most of the
/// coordinator's own latency. With the loop as the task's executor preference, the request starts
/// without a wake-up, a write from the loop goes straight to the socket, and a resumption costs
/// one hop back to the loop.
///
/// Nothing on a request's path blocks: the stores hand blocking work to threads of their own (the
/// file store's writer) or to the network (PostgreSQL), and locks are held for dictionary lookups
/// only, so the loop stays free for I/O.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
