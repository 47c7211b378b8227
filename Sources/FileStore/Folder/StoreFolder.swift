import Foundation

/// The store folder (`store.file.dir`), held exclusively by this process while it runs.
///
/// Two coordinators writing one database would each trust its own in-memory index and corrupt
/// the other's transactions, so opening takes an exclusive `flock` on `coordinator.lock` inside
/// the folder and keeps it until `release()` (or the process ends: the kernel drops the lock, so
/// a crashed coordinator never leaves a stale one). The lock file records the holder's pid, to
/// name it when a second coordinator is refused.
final class StoreFolder: Sendable {
    /// The folder, absolute.
    let directory: String
    /// The lock file inside it.
    let lockPath: String
    private let descriptor: Int32

    private init(directory: String, lockPath: String, descriptor: Int32) {
        self.directory = directory
        self.lockPath = lockPath
        self.descriptor = descriptor
    }

    /// Creates the folder if missing and locks it for this process.
    ///
    /// - Parameters:
    ///   - path: `store.file.dir`; a relative path starts from `workingDirectory`, as in Seata.
    ///   - workingDirectory: Where relative paths start (the process's, by default).
    /// - Returns: The locked folder.
    /// - Throws: `FileStoreError` when the folder cannot be made or written, or is in use.
    static func lock(path: String, workingDirectory: String?) throws(FileStoreError) -> StoreFolder {
        let base = URL(
            fileURLWithPath: workingDirectory ?? FileManager.default.currentDirectoryPath,
            isDirectory: true
        )
        let directory = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FileStoreError(
                directory: directory,
                problem: "cannot be created (\(error.localizedDescription))",
                action: "create it, or point store.file.dir at a folder this user may write"
            )
        }
        let lockPath = directory + "/coordinator.lock"
        let fd = Foundation.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileStoreError(
                directory: directory,
                problem: "is not writable (\(String(cString: strerror(errno))))",
                action: "give this user write access, or point store.file.dir elsewhere"
            )
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            Foundation.close(fd)
            let named = holder.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            throw FileStoreError(
                directory: directory,
                problem: "is in use by another coordinator\(named)",
                action: "stop that coordinator, or give this one its own store.file.dir"
            )
        }
        let holder = "pid \(getpid())"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        return StoreFolder(directory: directory, lockPath: lockPath, descriptor: fd)
    }

    /// Releases the lock; the folder and its files stay.
    func release() {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        Foundation.close(descriptor)
    }
}
