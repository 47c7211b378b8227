import NIOCore

/// Runs a connection's request tasks on the connection's own event loop.
///
/// A request is read on the event loop and its answer is written there. The `coordinator`
/// executable makes SwiftNIO's event loops Swift's global executor, so a plain task already
/// starts on the loop that read the request; but a task resumed from another thread (the file
/// store's writer, a PostgreSQL connection's loop, another RM's connection) goes to whichever
/// loop comes next, and its answer then crosses to the connection's loop to be written. With the
/// connection's loop as the task's executor preference, it comes back to that loop and writes
/// straight to the socket. It also keeps requests off Swift's own pool where the global executor
/// is not replaced (the library used in-process, as in tests).
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
