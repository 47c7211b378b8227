import Foundation

/// The `file` session store: a folder this coordinator owns exclusively while it runs.
///
/// Two coordinators writing session files into one folder would corrupt each other's
/// transactions, so opening takes an exclusive `flock` on `coordinator.lock` inside the
/// folder and keeps it until `close()` (or the process ends: the kernel releases it, so a
/// crashed coordinator never leaves a stale lock behind). The lock file records the holder's
/// pid, to name it when a second coordinator is refused.
public final class FileSessionStore: Sendable {
    /// The store folder, absolute.
    public let directory: String
    /// The lock file inside it.
    public let lockPath: String
    private let descriptor: Int32

    private init(directory: String, lockPath: String, descriptor: Int32) {
        self.directory = directory
        self.lockPath = lockPath
        self.descriptor = descriptor
    }

    /// Opens (creating if missing) the store folder and locks it for this process.
    ///
    /// - Parameters:
    ///   - path: `store.file.dir`; relative paths are resolved against the working directory,
    ///     as Seata does.
    ///   - workingDirectory: The folder relative paths start from (the process's, by default).
    /// - Returns: The open store.
    /// - Throws: `SessionStoreError` when the folder cannot be created or written, or another
    ///   coordinator holds it.
    public static func open(
        path: String,
        workingDirectory: String? = nil
    ) throws -> FileSessionStore {
        let base = URL(fileURLWithPath: workingDirectory ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        let directory = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SessionStoreError(
                directory: directory,
                problem: "cannot be created (\(error.localizedDescription))",
                action: "create it, or point store.file.dir at a folder this user may write"
            )
        }
        let lockPath = directory + "/coordinator.lock"
        let fd = Foundation.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SessionStoreError(
                directory: directory,
                problem: "is not writable (\(String(cString: strerror(errno))))",
                action: "give this user write access, or point store.file.dir elsewhere"
            )
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            Foundation.close(fd)
            throw SessionStoreError(
                directory: directory,
                problem: "is in use by another coordinator\(holder.map { $0.isEmpty ? "" : " (\($0))" } ?? "")",
                action: "stop that coordinator, or give this one its own store.file.dir"
            )
        }
        let holder = "pid \(getpid())"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        return FileSessionStore(directory: directory, lockPath: lockPath, descriptor: fd)
    }

    /// Releases the lock.
    ///
    /// The folder and its files stay.
    public func close() {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        Foundation.close(descriptor)
    }
}

/// The session store could not be opened.
public struct SessionStoreError: Error, CustomStringConvertible {
    /// The store folder, absolute.
    public var directory: String
    /// What is wrong with it.
    public var problem: String
    /// What to do.
    public var action: String

    /// "the session store folder /x is in use by another coordinator (pid 12)".
    public var description: String { "the session store folder \(directory) \(problem)" }
}
