import Coordinator
import Foundation

// Thin by design: everything a test could want to reach lives in the Coordinator library.
let code = await CoordinatorMain.run(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
exit(code)
