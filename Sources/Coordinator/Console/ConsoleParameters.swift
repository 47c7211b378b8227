import Hummingbird
import SeataProtocol
import TransactionCore

/// The query parameters of a console request, read as Seata's console reads them (Spring binds
/// `GlobalSessionParam`, `GlobalLockParam` and the actions' `xid` / `branchId` from the query
/// string), each malformed one refused with what was wrong and what is allowed.
struct ConsoleParameters {
    /// A parameter that cannot be used; the answer is 400 with this message.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    private let values: [String: String]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        self.values = values
    }

    init(_ values: [String: String]) { self.values = values }

    /// A text parameter; nil when absent or empty (Seata's `isBlank`).
    func text(_ name: String) -> String? {
        guard let value = values[name], !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    /// A text parameter that must be given.
    func required(_ name: String) throws(Problem) -> String {
        guard let value = text(name) else { throw Problem(description: "Wrong parameter for \(name): it is required") }
        return value
    }

    /// A 64-bit integer parameter (ids, milliseconds).
    func integer(_ name: String) throws(Problem) -> Int64? {
        guard let text = text(name) else { return nil }
        guard let value = Int64(text) else {
            throw Problem(description: "Wrong parameter for \(name): '\(text)' is not a whole number")
        }
        return value
    }

    /// A branch id that must be given.
    func requiredBranchId() throws(Problem) -> Int64 {
        guard let text = text("branchId") else {
            throw Problem(description: "Wrong parameter for branchId: it is required")
        }
        guard let value = Int64(text) else {
            throw Problem(description: "Wrong parameter for branchId, branch Id is not number: '\(text)'")
        }
        return value
    }

    /// A boolean as Spring binds one (true/false, on/off, yes/no, 1/0); `defaultValue` when absent.
    func flag(_ name: String, default defaultValue: Bool = false) throws(Problem) -> Bool {
        guard let text = text(name)?.lowercased() else { return defaultValue }
        switch text {
        case "true", "on", "yes", "1": return true
        case "false", "off", "no", "0": return false
        default:
            throw Problem(description: "Wrong parameter for \(name): '\(text)' is not true or false")
        }
    }

    /// A global status, by its code (Seata) or its name (`CommitRetryTimeout`).
    func status(_ name: String = "status") throws(Problem) -> GlobalStatus? {
        guard let text = text(name) else { return nil }
        if let code = UInt8(text), let status = GlobalStatus(rawValue: code) { return status }
        if let status = GlobalStatus.allCases.first(where: { $0.description.lowercased() == text.lowercased() }) {
            return status
        }
        throw Problem(
            description: "Wrong parameter for \(name): '\(text)' is not a global status (a code 0–20 or a name: "
                + GlobalStatus.allCases.map(\.description).joined(separator: ", ") + ")"
        )
    }

    /// `pageNum` (1–999, default 1) and `pageSize` (1–100, default 20), Seata's PageUtil ranges.
    func page() throws(Problem) -> (number: Int, size: Int) {
        let number = try bounded("pageNum", 1...999, default: 1)
        let size = try bounded("pageSize", 1...100, default: 20)
        return (number, size)
    }

    private func bounded(_ name: String, _ range: ClosedRange<Int>, default defaultValue: Int) throws(Problem) -> Int {
        guard let text = text(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw Problem(
                description: "\(name) range not in [\(range.lowerBound)-\(range.upperBound)]: '\(text)'"
            )
        }
        return value
    }

    /// The session query of globalSession/query.
    func sessionQuery() throws(Problem) -> (ConsoleSessionQuery, page: (number: Int, size: Int)) {
        let page = try page()
        let query = ConsoleSessionQuery(
            xid: text("xid"),
            applicationId: text("applicationId"),
            status: try status(),
            transactionName: text("transactionName"),
            transactionServiceGroup: text("vgroup"),
            beganFrom: try integer("timeStart"),
            beganUntil: try integer("timeEnd"),
            withBranches: try flag("withBranch"),
            offset: (page.number - 1) * page.size,
            limit: page.size
        )
        return (query, page)
    }

    /// The lock query of globalLock/query.
    func lockQuery() throws(Problem) -> (ConsoleLockQuery, page: (number: Int, size: Int)) {
        let page = try page()
        let query = ConsoleLockQuery(
            xid: text("xid"),
            tableName: text("tableName"),
            transactionId: try integer("transactionId"),
            branchId: try integer("branchId"),
            pk: text("pk"),
            resourceId: text("resourceId"),
            beganFrom: try integer("timeStart"),
            beganUntil: try integer("timeEnd"),
            offset: (page.number - 1) * page.size,
            limit: page.size
        )
        return (query, page)
    }
}
