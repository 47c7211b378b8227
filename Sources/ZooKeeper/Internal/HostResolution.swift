#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Asks the system resolver about host names, to say which of a connect string's do not resolve.
enum HostResolution {
    /// The names that do not resolve to any address, each with the resolver's reason.
    static func unresolved(_ names: [String]) -> [(host: String, reason: String)] {
        names.compactMap { name in
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(name, nil, &hints, &result)
            if let result { freeaddrinfo(result) }
            guard status != 0 else { return nil }
            return (name, String(cString: gai_strerror(status)))
        }
    }
}
