import EventLoopExecutor
import NIOCore
import NIOPosix
import Testing

/// A task that prefers an event loop runs there, and comes back there after an await resumed
/// from another thread.
struct EventLoopTaskExecutorTests {
    @Test func aTaskRunsOnItsLoopAndReturnsThereAfterAResumptionFromElsewhere() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let home = loops[0]
        let elsewhere = loops[1]
        let executor = EventLoopTaskExecutor(home)
        let observed = await Task(executorPreference: executor) { () -> [Bool] in
            var observed = [home.inEventLoop]
            // Completed on the other loop: the continuation resumes from that thread.
            let answer = elsewhere.makePromise(of: Int.self)
            elsewhere.scheduleTask(in: .milliseconds(10)) { answer.succeed(1) }
            _ = try? await answer.futureResult.get()
            observed.append(home.inEventLoop)
            observed.append(elsewhere.inEventLoop)
            return observed
        }
        .value
        #expect(observed == [true, true, false])
        try await group.shutdownGracefully()
    }
}

/// The startup check that warns when the takeover did not hold can tell: in this test process,
/// which installs no takeover, tasks run on Swift's own pool. (`RunningTests` checks that the
/// coordinator, debug and installed builds, prints no warning.)
struct GlobalExecutorTakeoverCheckTests {
    @Test func withoutTheTakeoverTasksAreSeenOffTheLoops() async {
        #expect(await GlobalExecutorTakeover.tasksRunOnTheLoops() == false)
    }
}
