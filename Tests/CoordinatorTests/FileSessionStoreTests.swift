import Coordinator
import Foundation
import Testing

/// The `file` session store: created when missing, held exclusively while open.
@Suite struct FileSessionStoreTests {
    private func scratch() -> String {
        NSTemporaryDirectory() + "store-" + UUID().uuidString.prefix(8).lowercased()
    }

    @Test func createsTheFolderAndLocksIt() throws {
        let base = scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let store = try FileSessionStore.open(path: "file_store/data", workingDirectory: base)
        #expect(store.directory == base + "/file_store/data")
        #expect(FileManager.default.fileExists(atPath: store.lockPath))
        let holder = try String(contentsOfFile: store.lockPath, encoding: .utf8)
        #expect(holder == "pid \(getpid())")
        store.close()
    }

    @Test func aSecondOpenIsRefusedNamingTheHolder() throws {
        let base = scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let first = try FileSessionStore.open(path: base)
        let error = #expect(throws: SessionStoreError.self) { try FileSessionStore.open(path: base) }
        #expect(
            error?.description == "the session store folder \(base) is in use by another coordinator (pid \(getpid()))"
        )
        #expect(error?.action.contains("store.file.dir") == true)
        first.close()
        let again = try FileSessionStore.open(path: base)
        again.close()
    }

    @Test func anUnwritableLocationIsExplained() throws {
        let error = #expect(throws: SessionStoreError.self) {
            try FileSessionStore.open(path: "/proc/self/cannot-be-here")
        }
        #expect(error?.description.hasPrefix("the session store folder /proc/self/cannot-be-here") == true)
    }
}
