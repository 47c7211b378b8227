public import NIOCore

/// The prefix of every transaction response (Seata's `AbstractTransactionResponse`): result code,
/// the failure message, and the exception code.
///
/// On the wire: resultCode u8, then `msg` as S2 **only when failed**, then exceptionCode u8. A
/// message given with a success is therefore not sent.
public struct TransactionResult: Sendable, Hashable {
    /// Success or failure.
    public var code: ResultCode
    /// Why it failed, for a person ("" when none; not sent with a success).
    public var message: String
    /// Why it failed, for a program (``TransactionExceptionCode/unknown`` with a success).
    public var exceptionCode: TransactionExceptionCode

    /// Makes a result.
    public init(code: ResultCode, message: String = "", exceptionCode: TransactionExceptionCode = .unknown) {
        self.code = code
        self.message = message
        self.exceptionCode = exceptionCode
    }

    /// Success, no message, exception code ``TransactionExceptionCode/unknown``.
    public static let success = TransactionResult(code: .success)

    /// A failure with its reason.
    public static func failure(_ exceptionCode: TransactionExceptionCode, message: String) -> TransactionResult {
        TransactionResult(code: .failed, message: message, exceptionCode: exceptionCode)
    }

    /// Whether the request succeeded.
    public var isSuccess: Bool { code == .success }

    /// Reads the prefix.
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> TransactionResult {
        let code = try buffer.readSeataEnum("resultCode", as: ResultCode.self)
        let message = code == .failed ? try buffer.readS2("msg") : ""
        let exceptionCode = try buffer.readSeataEnum("exceptionCode", as: TransactionExceptionCode.self)
        return TransactionResult(code: code, message: message, exceptionCode: exceptionCode)
    }

    /// Writes the prefix.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        if code == .failed { buffer.writeS2(message) }
        buffer.writeInteger(exceptionCode.rawValue)
    }
}
