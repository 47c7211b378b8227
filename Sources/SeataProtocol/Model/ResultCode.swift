/// Whether a request succeeded, with Seata's wire values (`ResultCode`): the first byte of every
/// transaction response.
public enum ResultCode: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The request failed; the response carries a message and an exception code.
    case failed = 0
    /// The request succeeded.
    case success = 1

    /// Seata's name (`Failed`, `Success`).
    public var description: String {
        switch self {
        case .failed: "Failed"
        case .success: "Success"
        }
    }
}
