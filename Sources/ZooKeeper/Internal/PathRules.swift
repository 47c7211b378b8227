/// Client-side checks that turn the C library's bare "bad arguments" into errors that say
/// what is wrong with a path or connect string.
enum PathRules {
    /// ZooKeeper's rules: absolute, no empty, `.` or `..` segment, no trailing slash, no NUL
    /// or control characters.
    static func validate(_ path: String, connectString: String) throws {
        func refuse(_ why: String) -> ZooKeeperError {
            ZooKeeperError(
                .invalidArgument,
                path: path.isEmpty ? "\"\"" : path,
                connectString: connectString,
                detail: why
            )
        }
        guard path.hasPrefix("/") else { throw refuse("a znode path must start with '/'") }
        if path == "/" { return }
        guard !path.hasSuffix("/") else { throw refuse("a znode path must not end with '/'") }
        for segment in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { throw refuse("a znode path must not contain '//'") }
            if segment == "." || segment == ".." { throw refuse("a znode path must not contain '.' or '..' segments") }
        }
        if path.unicodeScalars.contains(where: {
            $0.value == 0 || ($0.value < 0x20) || (0x7F...0x9F).contains($0.value)
        }) {
            throw refuse("a znode path must not contain control characters")
        }
    }

    /// The parent of a path (`/` for a top-level node).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// `parent` + `/` + `child`, without a double slash under the root.
    static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/\(child)" : "\(parent)/\(child)"
    }
}

enum ConnectString {
    /// `host:port[,host:port…][/chroot]`, each port a number, the chroot a valid path; an IPv6
    /// address in brackets (`[::1]:2181`), as the Java client and kazoo take it.
    static func validate(_ text: String) throws {
        func refuse(_ why: String) -> ZooKeeperError {
            ZooKeeperError(.invalidArgument, connectString: text.isEmpty ? "\"\"" : text, detail: why)
        }
        let (hostsPart, chroot) = split(text)
        if let chroot, chroot != "/" {
            do { try PathRules.validate(chroot, connectString: text) } catch {
                throw refuse("the chroot '\(chroot)' is not a valid znode path")
            }
        }
        guard !hostsPart.isEmpty else { throw refuse("expected host:port[,host:port…][/chroot]") }
        for host in hostsPart.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = host.trimmingPrefix(" ")
            guard let colon = trimmed.lastIndex(of: ":"), colon != trimmed.startIndex else {
                throw refuse("'\(host)' is not host:port")
            }
            guard let port = Int(trimmed[trimmed.index(after: colon)...]), (1...65535).contains(port) else {
                throw refuse("'\(host)' has no valid port (1–65535)")
            }
            let name = trimmed[..<colon]
            if name.hasPrefix("[") != name.hasSuffix("]")
                || name.dropFirst().dropLast().contains(where: { "[]".contains($0) })
            {
                throw refuse("'\(host)' is not host:port (an IPv6 address goes in brackets: [::1]:2181)")
            }
        }
    }

    /// The servers and the chroot (nil when there is none).
    static func split(_ text: String) -> (hosts: Substring, chroot: String?) {
        guard let slash = text.firstIndex(of: "/") else { return (Substring(text), nil) }
        return (text[..<slash], String(text[slash...]))
    }

    /// The host names of the connect string, without ports and brackets.
    static func hostNames(_ text: String) -> [String] {
        split(text).hosts.split(separator: ",")
            .compactMap { host in
                let trimmed = host.trimmingPrefix(" ")
                guard let colon = trimmed.lastIndex(of: ":") else { return nil }
                var name = trimmed[..<colon]
                if name.hasPrefix("["), name.hasSuffix("]") { name = name.dropFirst().dropLast() }
                return String(name)
            }
    }

    /// The connect string as the C library reads it: it takes the last `:` of each host as the
    /// port's and knows no brackets, so `[::1]:2181` becomes `::1:2181`.
    static func forCLibrary(_ text: String) -> String {
        let (hosts, chroot) = split(text)
        let plain = hosts.split(separator: ",", omittingEmptySubsequences: false)
            .map { host -> String in
                let trimmed = host.trimmingPrefix(" ")
                guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") else { return String(host) }
                return String(
                    trimmed[trimmed.index(after: trimmed.startIndex)..<close] + trimmed[trimmed.index(after: close)...]
                )
            }
        return plain.joined(separator: ",") + (chroot ?? "")
    }
}
