import Coordinator
import Foundation
import NIOCore
import NIOPosix

// Swift concurrency runs on SwiftNIO's event loops, before any task starts: a request decoded on
// an event loop is answered by the core and written back on that same thread, with no hop to
// Swift's own pool and back for every request.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// Thin by design: everything a test could want to reach lives in the Coordinator library.
let code = await CoordinatorMain.run(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
exit(code)
