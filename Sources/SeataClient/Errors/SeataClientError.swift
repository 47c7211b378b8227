public import SeataProtocol

/// Why a request of the Seata client did not succeed.
///
/// Every error names the request (``request``), the coordinator (``coordinator``) where there is
/// one, and, for a failed result from the coordinator, Seata's ``exceptionCode`` and message. Its
/// ``description`` is one line: what failed, where, and what to do.
public struct SeataClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; open to new kinds without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Hashable {
            case notConnected
            case connectionClosed
            case timedOut
            case requestFailed
            case registrationRefused
            case unexpectedResponse
            case malformedResponse
            case notCommitted
            case invalidArgument
            case invalidAddress
            case shutDown
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No registered connection to a coordinator for this role (none reachable yet, or all lost).
        public static let notConnected = Code(.notConnected)
        /// The connection closed while the request waited for its answer; its outcome is unknown.
        public static let connectionClosed = Code(.connectionClosed)
        /// No answer within the role's request timeout; its outcome is unknown.
        public static let timedOut = Code(.timedOut)
        /// The coordinator answered with a failed result (resultCode 0): see ``SeataClientError/exceptionCode``.
        public static let requestFailed = Code(.requestFailed)
        /// The coordinator did not accept RegisterTM or RegisterRM.
        public static let registrationRefused = Code(.registrationRefused)
        /// The coordinator answered with a message of another type.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// The coordinator's answer could not be decoded.
        public static let malformedResponse = Code(.malformedResponse)
        /// A global transaction's commit ended in a status other than committed.
        public static let notCommitted = Code(.notCommitted)
        /// An argument cannot be sent (a timeout out of range, for example).
        public static let invalidArgument = Code(.invalidArgument)
        /// A coordinator address or grouplist is malformed.
        public static let invalidAddress = Code(.invalidAddress)
        /// The client was shut down.
        public static let shutDown = Code(.shutDown)

        /// A short name (`not connected`, `timed out`, …).
        public var description: String {
            switch base {
            case .notConnected: "not connected"
            case .connectionClosed: "connection closed"
            case .timedOut: "timed out"
            case .requestFailed: "request failed"
            case .registrationRefused: "registration refused"
            case .unexpectedResponse: "unexpected response"
            case .malformedResponse: "malformed response"
            case .notCommitted: "not committed"
            case .invalidArgument: "invalid argument"
            case .invalidAddress: "invalid address"
            case .shutDown: "shut down"
            }
        }
    }

    /// What kind of failure.
    public var code: Code
    /// The request that failed (``MessageTypeCode/globalCommit``, …), when there was one.
    public var request: MessageTypeCode?
    /// The coordinator involved (`host:port`), when there was one.
    public var coordinator: String?
    /// Seata's reason, for ``Code/requestFailed`` (``TransactionExceptionCode/lockKeyConflict``, …).
    public var exceptionCode: TransactionExceptionCode?
    /// The global transaction's status, for ``Code/notCommitted``.
    public var globalStatus: GlobalStatus?
    /// The coordinator's message for a failed result, or what went wrong.
    public var message: String

    /// Makes an error.
    public init(
        _ code: Code,
        message: String,
        request: MessageTypeCode? = nil,
        coordinator: String? = nil,
        exceptionCode: TransactionExceptionCode? = nil,
        globalStatus: GlobalStatus? = nil
    ) {
        self.code = code
        self.message = message
        self.request = request
        self.coordinator = coordinator
        self.exceptionCode = exceptionCode
        self.globalStatus = globalStatus
    }

    /// One line: the request and coordinator, what happened, and what to do.
    public var description: String {
        var line = ""
        if let request { line += Self.requestName(request) }
        if let coordinator { line += line.isEmpty ? "coordinator \(coordinator)" : " to \(coordinator)" }
        if !line.isEmpty { line += ": " }
        line += code.description
        if let exceptionCode { line += " (\(exceptionCode))" }
        if let globalStatus { line += " (status \(globalStatus))" }
        if !message.isEmpty { line += ": " + message }
        return line
    }

    /// `GlobalCommit` for ``MessageTypeCode/globalCommit``: Seata's class name without `Request`.
    private static func requestName(_ code: MessageTypeCode) -> String {
        let name = code.description
        return name.hasSuffix("Request") ? String(name.dropLast("Request".count)) : name
    }
}
