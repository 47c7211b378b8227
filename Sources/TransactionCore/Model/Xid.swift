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
        // On every branch register: read the digits after the last ':' without making substrings.
        var xid = xid
        return xid.withUTF8 { bytes -> Int64? in
            guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")), colon + 1 < bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[(colon + 1)...] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, carry) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                if overflow || carry { return nil }
                value = sum
            }
            return value
        }
    }

    /// The `host:port` an xid names (its coordinator), or nil when it has no `:` before the id.
    public static func address(of xid: String) -> String? {
        guard let colon = xid.lastIndex(of: ":"), colon > xid.startIndex else { return nil }
        return String(xid[..<colon])
    }
}
