public import SeataProtocol

/// A transaction request that failed: the response carries `code` and `message`
/// (resultCode failed, msg, exceptionCode).
public struct TransactionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Seata's exception code, which clients act on (a Java RM retries on `LockKeyConflict`).
    public var code: TransactionExceptionCode
    /// What happened, for the client's log.
    public var message: String

    /// Makes an error.
    public init(_ code: TransactionExceptionCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "LockKeyConflict: …".
    public var description: String { "\(code): \(message)" }
}
