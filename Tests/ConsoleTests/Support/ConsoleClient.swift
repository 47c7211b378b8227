import CoordinatorTestSupport
import Foundation
import ZooKeeperTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An operator's HTTP client of a test coordinator's console: log in, then call the API with the
/// token, as the page and scripts do.
struct ConsoleClient {
    /// An answer: the HTTP status, the JSON body, the headers.
    struct Answer: CustomStringConvertible {
        var status: Int
        var body: [String: Any]
        var headers: [String: String]
        var text: String

        var code: String? { body["code"] as? String }
        var message: String { body["message"] as? String ?? "" }
        var items: [[String: Any]] { body["data"] as? [[String: Any]] ?? [] }
        var total: Int { body["total"] as? Int ?? -1 }
        var data: [String: Any] { body["data"] as? [String: Any] ?? [:] }
        var description: String { "HTTP \(status): \(text)" }
    }

    let base: String
    var token: String?

    init(port: Int, token: String? = nil) {
        base = "http://127.0.0.1:\(port)"
        self.token = token
    }

    init(_ coordinator: RunningCoordinator) { self.init(port: coordinator.harness.httpPort) }

    /// Logs in (seata/seata unless told otherwise) and keeps the token.
    @discardableResult
    mutating func login(_ user: String = "seata", _ password: String = "seata") async throws -> Answer {
        let answer = try await send("POST", "/api/v1/auth/login", json: ["username": user, "password": password])
        if answer.status == 200 { token = answer.body["data"] as? String }
        return answer
    }

    /// A console API call (`path` under /api/v1/console/).
    func call(_ method: String, _ path: String, _ query: [String: String] = [:]) async throws -> Answer {
        try await send(method, "/api/v1/console/" + path, query: query)
    }

    func get(_ path: String, _ query: [String: String] = [:]) async throws -> Answer {
        try await call("GET", path, query)
    }

    func send(
        _ method: String,
        _ path: String,
        query: [String: String] = [:],
        json: [String: String]? = nil,
        headers: [String: String] = [:],
        authorized: Bool = true
    ) async throws -> Answer {
        var components = URLComponents(string: base + path)!
        if !query.isEmpty {
            components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        }
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if authorized, let token { request.setValue(token, forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { fields["\(name)".lowercased()] = "\(value)" }
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(
            status: http?.statusCode ?? 0,
            body: body,
            headers: fields,
            text: String(decoding: data, as: UTF8.self)
        )
    }

    /// The session `xid` as the console shows it (with branches), or nil.
    func session(_ xid: String) async throws -> [String: Any]? {
        try await get("globalSession/query", ["xid": xid, "withBranch": "true"]).items.first
    }

    /// The status name the console shows for `xid`, or nil when it is gone.
    func statusName(_ xid: String) async throws -> String? {
        try await session(xid)?["statusName"] as? String
    }
}
