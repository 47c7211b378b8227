import CommandLineContract
import Foundation

/// One console command's requests and output.
struct ConsoleCommandSession {
    let client: ConsoleHTTPClient
    let token: String?
    let json: Bool

    func login(user: String, password: String?) -> Int32 {
        var secret = password
        if secret == nil {
            if isatty(STDIN_FILENO) == 1 { printToStderr("Password for \(user): ") }
            secret = readLine(strippingNewline: true)
        }
        guard let secret else {
            return ConsoleCommand.usageError("no password: set COORDINATOR_PASSWORD or pipe it in")
        }
        let body = try? JSONSerialization.data(withJSONObject: ["username": user, "password": secret])
        guard let answer = request("POST", "/api/v1/auth/login", body: body, authorized: false) else {
            return ExitStatus.unavailable.code
        }
        guard answer.status == 200, let token = answer.envelope["data"] as? String else { return fail(answer) }
        print(json ? answer.text : token)
        return ExitStatus.ok.code
    }

    func sessions(_ query: [(String, String?)]) -> Int32 {
        guard let answer = request("GET", path("globalSession/query", query)) else {
            return ExitStatus.unavailable.code
        }
        guard answer.status == 200 else { return fail(answer) }
        if json {
            print(answer.text)
            return ExitStatus.ok.code
        }
        let sessions = answer.envelope["data"] as? [[String: Any]] ?? []
        let now = Date().timeIntervalSince1970 * 1000
        var rows = [["XID", "STATUS", "APPLICATION", "NAME", "AGE", "BRANCHES"]]
        var branchLines: [String: [String]] = [:]
        for session in sessions {
            let xid = session["xid"] as? String ?? ""
            let branches = session["branchSessionVOs"] as? [[String: Any]]
            let begin = (session["beginTime"] as? NSNumber)?.doubleValue ?? now
            rows.append([
                xid, session["statusName"] as? String ?? "", session["applicationId"] as? String ?? "",
                session["transactionName"] as? String ?? "", Self.age(now - begin),
                branches.map { "\($0.count)" } ?? "-",
            ])
            branchLines[xid] = (branches ?? [])
                .map { branch in
                    let id = branch["branchId"] as? String ?? ""
                    let type = branch["branchType"] as? String ?? ""
                    let status = branch["statusName"] as? String ?? ""
                    return
                        "    branch \(id) \(type) \(status) \(branch["resourceId"] as? String ?? "") at \(branch["clientId"] as? String ?? "")"
                }
        }
        printTable(rows) { row in branchLines[row[0]] ?? [] }
        pageSummary(answer.envelope, noun: "global session")
        return ExitStatus.ok.code
    }

    func locks(_ query: [(String, String?)]) -> Int32 {
        guard let answer = request("GET", path("globalLock/query", query)) else { return ExitStatus.unavailable.code }
        guard answer.status == 200 else { return fail(answer) }
        if json {
            print(answer.text)
            return ExitStatus.ok.code
        }
        var rows = [["XID", "TABLE", "PK", "RESOURCE", "BRANCH", "HOLDER"]]
        for lock in answer.envelope["data"] as? [[String: Any]] ?? [] {
            rows.append(
                ["xid", "tableName", "pk", "resourceId", "branchId"].map { lock[$0] as? String ?? "" }
                    + [lock["globalStatus"] as? String ?? "gone"]
            )
        }
        printTable(rows) { _ in [] }
        pageSummary(answer.envelope, noun: "row lock")
        return ExitStatus.ok.code
    }

    func action(_ method: String, _ route: String, _ query: [(String, String?)]) -> Int32 {
        guard let answer = request(method, path(route, query)) else { return ExitStatus.unavailable.code }
        guard answer.status == 200 else { return fail(answer) }
        print(json ? answer.text : answer.envelope["message"] as? String ?? "done")
        return ExitStatus.ok.code
    }

    // MARK: - Requests

    struct Answer {
        var status: Int
        var text: String
        var envelope: [String: Any]
    }

    private func path(_ route: String, _ query: [(String, String?)]) -> String {
        var components = URLComponents()
        components.path = "/api/v1/console/" + route
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components.queryItems = items }
        // '+' is literal in a query value here; encode it so the server does not read a space.
        return (components.string ?? components.path).replacingOccurrences(of: "+", with: "%2B")
    }

    private func request(_ method: String, _ target: String, body: Data? = nil, authorized: Bool = true) -> Answer? {
        var headers: [(String, String)] = []
        if authorized {
            guard let token, !token.isEmpty else {
                printToStderr(
                    "coordinator: no console token: set \(ConsoleCommand.tokenVariable) "
                        + "(export \(ConsoleCommand.tokenVariable)=$(coordinator login --user USER))\n"
                )
                return Answer(status: 401, text: "", envelope: [:])
            }
            headers.append(("Authorization", token.hasPrefix("Bearer ") ? token : "Bearer " + token))
        }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        do {
            let response = try client.send(method, target, headers: headers, body: body)
            let envelope = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
            return Answer(
                status: response.status,
                text: String(decoding: response.body, as: UTF8.self),
                envelope: envelope
            )
        } catch {
            printToStderr("coordinator: \(error.description)\n")
            return nil
        }
    }

    private func fail(_ answer: Answer) -> Int32 {
        if answer.status == 401 && answer.text.isEmpty { return ExitStatus.noPermission.code }
        if json { print(answer.text) }
        let message = answer.envelope["message"] as? String ?? "HTTP \(answer.status)"
        var lines = ["coordinator: \(message)"]
        let data = answer.envelope["data"] as? [String: Any]
        for branch in data?["branches"] as? [[String: Any]] ?? [] {
            let call = branch["call"] as? String ?? ""
            let id = branch["branchId"] as? String ?? ""
            lines.append("    branch \(id): \(call) \(branch["answer"] as? String ?? "")")
        }
        printToStderr(lines.joined(separator: "\n") + "\n")
        return ConsoleCommand.exitCode(forStatus: answer.status).code
    }

    private func printTable(_ rows: [[String]], extra: ([String]) -> [String]) {
        guard let header = rows.first else { return }
        var widths = header.map(\.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        for (number, row) in rows.enumerated() {
            let cells = row.enumerated()
                .map { column, cell in
                    column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }
            print(cells.joined(separator: "  "))
            if number > 0 { for line in extra(row) { print(line) } }
        }
    }

    private func pageSummary(_ envelope: [String: Any], noun: String) {
        let total = envelope["total"] as? Int ?? 0
        let page = envelope["pageNum"] as? Int ?? 1
        let pages = envelope["pages"] as? Int ?? 0
        printToStderr(
            "\(total) \(noun)\(total == 1 ? "" : "s")" + (pages > 1 ? " (page \(page) of \(pages))" : "") + "\n"
        )
    }

    static func age(_ milliseconds: Double) -> String {
        let seconds = max(0, Int((milliseconds / 1000).rounded()))
        if seconds < 90 { return "\(seconds) s" }
        if seconds < 5400 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }
}
