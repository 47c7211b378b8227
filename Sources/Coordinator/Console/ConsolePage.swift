import Hummingbird

/// The console's web page and the API's OpenAPI description, served from the copy compiled into
/// the binary (`Console/`, by the EmbedConsole plugin): no file is read at run time.
enum ConsolePage {
    /// The paths served, by the embedded file they serve.
    static let routes: [String: String] = {
        var routes: [String: String] = [:]
        for name in embeddedConsoleFiles.keys { routes["/" + name] = name }
        routes["/"] = "index.html"
        return routes
    }()

    static func response(for path: String) -> Response {
        guard let name = routes[path], let text = embeddedConsoleFiles[name] else {
            return Response(status: .notFound)
        }
        var headers = HTTPFields()
        headers[.contentType] = contentType(of: name)
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        // The page loads nothing from elsewhere and may not be framed.
        headers[.contentSecurityPolicy] =
            "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func contentType(of name: String) -> String {
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".json") { return "application/json" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        return "text/plain; charset=utf-8"
    }
}
