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
    /// `host:port[,host:port…][/chroot]`, each port a number, the chroot a valid path.
    static func validate(_ text: String) throws {
        func refuse(_ why: String) -> ZooKeeperError {
            ZooKeeperError(.invalidArgument, connectString: text.isEmpty ? "\"\"" : text, detail: why)
        }
        let hostsPart: Substring
        if let slash = text.firstIndex(of: "/") {
            hostsPart = text[..<slash]
            let chroot = String(text[slash...])
            if chroot != "/" {
                do { try PathRules.validate(chroot, connectString: text) } catch {
                    throw refuse("the chroot '\(chroot)' is not a valid znode path")
                }
            }
        } else {
            hostsPart = Substring(text)
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
        }
    }
}
