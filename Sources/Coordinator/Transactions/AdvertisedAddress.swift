import Foundation

/// The address clients are told to reach this coordinator at.
///
/// Put into every XID (clients route by it) and registered for discovery. Never a wildcard.
enum AdvertisedAddress {
    /// `--advertise-host` when given; else the listen address unless it is a wildcard; else this
    /// host's first non-loopback IPv4 address (loopback when it has none).
    static func resolve(advertise: String?, listen: String) -> String {
        if let advertise, !advertise.isEmpty { return advertise }
        if !isWildcard(listen) { return listen }
        return primaryIPv4() ?? "127.0.0.1"
    }

    static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", "[::]", "*", ""].contains(host)
    }

    private static func primaryIPv4() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = Int32(entry.pointee.ifa_flags)
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(MemoryLayout<sockaddr_in>.size)
            if getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 {
                return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return nil
    }
}
