import Foundation

/// A small blocking HTTP/1.1 client for the console commands.
///
/// One request per connection (`Connection: close`), plain HTTP on loopback or an ops network.
/// Foundation's URLSession would tie the statically linked binary to libcurl; this needs only the
/// C library.
struct ConsoleHTTPClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    /// The coordinator could not be reached or answered something that is not HTTP.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let host: String
    let port: Int
    var timeout: Duration = .seconds(60)

    /// `http://host:port` (a trailing slash allowed; no path, no TLS).
    init(url: String) throws(Failure) {
        guard url.hasPrefix("http://") else {
            throw Failure(description: "--url '\(url)' must start with http:// (the ops port speaks plain HTTP)")
        }
        var rest = url.dropFirst("http://".count)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var hostPart = Substring(rest)
        var port = 7091
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else {
                    throw Failure(description: "--url '\(url)' has a bad port")
                }
                port = number
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            guard let number = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(number) else {
                throw Failure(description: "--url '\(url)' has a bad port")
            }
            port = number
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty, !hostPart.contains("/") else {
            throw Failure(description: "--url '\(url)' must be http://HOST:PORT")
        }
        self.host = String(hostPart)
        self.port = port
    }

    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: Data? = nil) throws(Failure)
        -> Response
    {
        let fd = try connect()
        defer { close(fd) }
        var head =
            "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nUser-Agent: coordinator-cli\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body?.count ?? 0)\r\n\r\n"
        var request = Data(head.utf8)
        if let body { request.append(body) }
        try write(fd, request)
        return try parse(try readAll(fd))
    }

    private func connect() throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
                lastError = errno
                close(fd)
            }
            entry = info.pointee.ai_next
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))")
    }

    private func write(_ fd: Int32, _ data: Data) throws(Failure) {
        var sent = 0
        let bytes = [UInt8](data)
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else {
                throw Failure(description: "sending to \(host):\(port) failed: \(String(cString: strerror(errno)))")
            }
            sent += count
        }
    }

    private func readAll(_ fd: Int32) throws(Failure) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return data }
            guard count > 0 else {
                throw Failure(description: "reading from \(host):\(port) failed: \(String(cString: strerror(errno)))")
            }
            data.append(contentsOf: buffer[..<count])
            if data.count > 64 * 1024 * 1024 { throw Failure(description: "the answer is over 64 MiB") }
        }
    }

    private func parse(_ data: Data) throws(Failure) -> Response {
        let bytes = [UInt8](data)
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw Failure(description: "\(host):\(port) did not answer HTTP")
        }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw Failure(description: "\(host):\(port) did not answer HTTP")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = Self.unchunk(body) }
        return Response(status: status, headers: headers, body: Data(body))
    }

    private static func unchunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard start + size <= bytes.count else { break }
            out += bytes[start..<start + size]
            index = start + size + 2
            guard index < bytes.count else { break }
        }
        return out
    }
}
