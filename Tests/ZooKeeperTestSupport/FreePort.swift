import Foundation
import Synchronization

/// A loopback port nothing listens on, for a server a test starts.
public enum FreePort {
    /// Ports below the kernel's ephemeral range (`ip_local_port_range`, 32768 and up here).
    ///
    /// A port from `bind(0)` there can be taken again, before the server binds it, by any
    /// outgoing connection's local port or another `bind(0)`, which happened when every suite
    /// ran at once. Nothing takes these unless asked for by number. The shell scripts'
    /// Tools/free-ports.py keeps below this range, so the two never pick the same port.
    static let range = 20_000..<32_768
    /// Ports handed out in this process, so two tests never get the same one.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port in `range`, not handed out before in this process, that binds on 127.0.0.1 now.
    public static func reserve() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: range)
            let fresh = handedOut.withLock { $0.insert(port).inserted }
            if fresh, bindable(port) { return port }
        }
        throw TestSetupError("could not reserve a loopback port in \(range)")
    }

    /// A reserved port held by a listening socket of this process, as a server that got there
    /// first would hold it; close the descriptor to release it.
    public static func hold() throws -> (descriptor: Int32, port: Int) {
        let port = try reserve()
        guard let fd = boundSocket(port), listen(fd, 1) == 0 else {
            throw TestSetupError("could not hold port \(port): errno \(errno)")
        }
        return (fd, port)
    }

    private static func bindable(_ port: Int) -> Bool {
        guard let fd = boundSocket(port) else { return false }
        close(fd)
        return true
    }

    /// A TCP socket bound to 127.0.0.1:`port`; nil when the port is taken.
    private static func boundSocket(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 }
        }
        if bound { return fd }
        close(fd)
        return nil
    }
}
