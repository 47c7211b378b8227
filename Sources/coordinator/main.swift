import Coordinator
import EventLoopExecutor
import Foundation
import NIOCore
import NIOPosix

// Swift concurrency runs on SwiftNIO's event loops, before any task starts: a request decoded on
// an event loop is answered by the core and written back on that same thread, with no hop to
// Swift's own pool and back for every request.
let installed = GlobalExecutorTakeover.install()
let onTheLoops = await GlobalExecutorTakeover.tasksRunOnTheLoops()
if !installed || !onTheLoops {
    // Slower, not wrong: said once, so a build where the takeover fails does not go unnoticed.
    FileHandle.standardError.write(
        Data("coordinator: warning: Swift tasks run on Swift's own thread pool, not SwiftNIO's event loops\n".utf8)
    )
}

// Thin by design: everything a test could want to reach lives in the Coordinator library.
let code = await CoordinatorMain.run(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
exit(code)
