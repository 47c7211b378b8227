import SeataProtocol

/// A decoded message's fields the way the golden files' `fields:` lines write them: Seata's field
/// names, enum names (`PhaseOne_Failed`) with their number, `null` for an absent string.
struct SeataFieldText {
    /// A field's text and, for enums, its wire number.
    struct Value: Equatable, CustomStringConvertible {
        let text: String
        let number: Int?
        var description: String { number.map { "\(text)(\($0))" } ?? text }
    }

    private(set) var values: [String: Value] = [:]

    init(_ message: SeataMessage) {
        switch message {
        case .globalBegin(let m):
            add("timeout", "\(m.timeout)")
            add("transactionName", string: m.transactionName)
        case .globalBeginResponse(let m):
            add(m.result)
            add("xid", string: m.xid)
            add("extraData", string: m.extraData)
        case .branchCommit(let m), .branchRollback(let m):
            add("xid", string: m.xid)
            add("branchId", "\(m.branchId)")
            add("branchType", m.branchType)
            add("resourceId", string: m.resourceId)
            add("applicationData", string: m.applicationData)
        case .branchCommitResponse(let m), .branchRollbackResponse(let m):
            add(m.result)
            add("xid", string: m.xid)
            add("branchId", "\(m.branchId)")
            add("branchStatus", m.branchStatus)
        case .globalCommit(let m), .globalRollback(let m), .globalStatus(let m):
            add("xid", string: m.xid)
            add("extraData", string: m.extraData)
        case .globalCommitResponse(let m), .globalRollbackResponse(let m), .globalStatusResponse(let m),
            .globalReportResponse(let m):
            add(m.result)
            add("globalStatus", m.globalStatus)
        case .branchRegister(let m):
            add("xid", string: m.xid)
            add("branchType", m.branchType)
            add("resourceId", string: m.resourceId)
            add("lockKey", string: m.lockKey)
            add("applicationData", string: m.applicationData)
        case .branchRegisterResponse(let m):
            add(m.result)
            add("branchId", "\(m.branchId)")
        case .branchReport(let m):
            add("xid", string: m.xid)
            add("branchId", "\(m.branchId)")
            add("resourceId", string: m.resourceId)
            add("status", m.status)
            add("applicationData", string: m.applicationData)
            add("branchType", m.branchType)
        case .branchReportResponse(let m):
            add(m.result)
        case .globalReport(let m):
            add("xid", string: m.xid)
            add("extraData", string: m.extraData)
            if let status = m.globalStatus { add("globalStatus", status) } else { add("globalStatus", "null") }
        case .globalLockQuery(let m):
            add("xid", string: m.xid)
            add("branchType", m.branchType)
            add("resourceId", string: m.resourceId)
            add("lockKey", string: m.lockKey)
            add("applicationData", string: m.applicationData)
        case .globalLockQueryResponse(let m):
            add(m.result)
            add("lockable", "\(m.lockable)")
        case .registerTM(let m):
            add("version", string: m.version)
            add("applicationId", string: m.applicationId)
            add("transactionServiceGroup", string: m.transactionServiceGroup)
            add("extraData", string: m.extraData)
        case .registerRM(let m):
            add("version", string: m.version)
            add("applicationId", string: m.applicationId)
            add("transactionServiceGroup", string: m.transactionServiceGroup)
            add("extraData", string: m.extraData)
            add("resourceIds", string: m.resourceIds)
        case .registerTMResponse(let m), .registerRMResponse(let m):
            add("identified", "\(m.identified)")
            add("version", string: m.version)
        case .undoLogDelete(let m):
            add("branchType", m.branchType)
            add("resourceId", string: m.resourceId)
            add("saveDays", "\(m.saveDays)")
        case .mergedWarp, .mergeResult, .batchResult, .heartbeat:
            break  // checked one by one in the golden tests
        }
    }

    /// The value for a golden file's raw text: `Committed(9)` → text Committed, number 9.
    static func parse(_ raw: String) -> Value {
        if raw.hasSuffix(")"), let open = raw.lastIndex(of: "("),
            let number = Int(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)])
        {
            return Value(text: String(raw[..<open]), number: number)
        }
        return Value(text: raw, number: nil)
    }

    private mutating func add(_ key: String, _ text: String) {
        values[key] = Value(text: text, number: nil)
    }

    private mutating func add(_ key: String, string: String) {
        values[key] = Value(text: string.isEmpty ? "null" : string, number: nil)
    }

    private mutating func add<E: RawRepresentable & CustomStringConvertible>(_ key: String, _ value: E)
    where E.RawValue == UInt8 {
        values[key] = Value(text: value.description, number: Int(value.rawValue))
    }

    private mutating func add(_ result: TransactionResult) {
        add("resultCode", result.code.description)
        add("exceptionCode", result.exceptionCode)
        if result.code == .failed { add("msg", string: result.message) }
    }
}
