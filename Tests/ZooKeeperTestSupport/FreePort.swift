import Foundation

/// A loopback port nothing listens on: bound, then released.
public enum FreePort {
    /// A port bound on 127.0.0.1 and released again, so nothing listens on it (for now).
    public static func reserve() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard ok else { throw TestSetupError("could not reserve a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
