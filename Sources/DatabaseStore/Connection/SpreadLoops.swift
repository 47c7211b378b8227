import Dispatch
import NIOCore

/// An event-loop group that hands out its loops in turn, even when asked from one of them.
///
/// Why: postgres-nio opens each pooled connection on `any()`, which prefers the loop it is
/// called on, and the pool opens its connections from one task, so every connection of the
/// pool ended up on one loop: the store's statements, their answers and the requests waiting
/// for them queued behind each other on one thread while the other loop stood mostly idle.
final class SpreadLoops: EventLoopGroup, Sendable {
    let base: any EventLoopGroup

    init(base: any EventLoopGroup) {
        self.base = base
    }

    func next() -> any EventLoop { base.next() }

    func any() -> any EventLoop { base.next() }

    func makeIterator() -> EventLoopIterator { base.makeIterator() }

    func shutdownGracefully(queue: DispatchQueue, _ callback: @escaping @Sendable ((any Error)?) -> Void) {
        base.shutdownGracefully(queue: queue, callback)
    }
}
