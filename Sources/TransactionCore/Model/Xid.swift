/// The global transaction id clients see: `"<advertised ip>:<port>:<transactionId>"`.
///
/// Clients route every request of a transaction to the coordinator the xid names, so the host
/// must be an address clients reach (never a wildcard).
public enum Xid {
    /// The xid of transaction `transactionId` on the coordinator at `host:port`.
    public static func make(host: String, port: Int, transactionId: Int64) -> String {
        "\(host):\(port):\(transactionId)"
    }

    /// The transaction id an xid ends with, or nil when it does not end with a number.
    public static func transactionId(of xid: String) -> Int64? {
        guard let colon = xid.lastIndex(of: ":") else { return nil }
        return Int64(xid[xid.index(after: colon)...])
    }
}
