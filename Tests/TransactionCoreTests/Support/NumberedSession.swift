import TransactionCore

extension GlobalSession {
    /// A session in Begin whose xid and transaction id are made of `number`, for store tests.
    static func numbered(_ number: Int) -> GlobalSession {
        GlobalSession(
            xid: "127.0.0.1:8091:\(number)",
            transactionId: Int64(number),
            applicationId: "a",
            transactionServiceGroup: "g",
            transactionName: "n",
            timeout: 60_000,
            beginTime: 1
        )
    }
}
