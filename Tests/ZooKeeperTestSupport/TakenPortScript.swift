import Foundation

/// A copy of one of the server scripts in Tools whose port picker first hands out a port that a
/// listening socket of this process holds, then free ones (from the real Tools/free-ports.py):
/// the race a script loses when something binds the port it picked before its server does.
///
/// The copy runs the real script against a real server; only the picker beside it differs.
public final class TakenPortScript: Sendable {
    /// The copy of the script.
    public let script: String
    /// The port held while the copy runs, handed out by its first pick.
    public let takenPort: Int
    private let folder: String
    private let holder: Int32

    /// Copies `Tools/<name>` into a new folder with the picker beside it, and takes a port.
    public init(copying name: String) throws {
        folder = NSTemporaryDirectory() + "taken-port-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let tools = TestEnvironment.packageRoot + "/Tools/"
        script = folder + "/" + name
        try FileManager.default.copyItem(atPath: tools + name, toPath: script)
        (holder, takenPort) = try FreePort.hold()
        let picker = """
            #!/usr/bin/env bash
            # Counts its calls; the first answers the held port.
            count=$(cat "\(folder)/picks" 2>/dev/null || echo 0)
            echo $((count + 1)) >"\(folder)/picks"
            if [ "$count" = 0 ]; then echo \(takenPort); else exec "\(tools)free-ports.py" "$@"; fi

            """
        try picker.write(toFile: folder + "/free-ports.py", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/free-ports.py")
    }

    /// How many times the copy asked for ports.
    public var picks: Int {
        let text = (try? String(contentsOfFile: folder + "/picks", encoding: .utf8)) ?? "0"
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Releases the port and deletes the copy.
    public func close() {
        Foundation.close(holder)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
