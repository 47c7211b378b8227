public import NIOCore

/// TM→TC (type code 17): the TM reports a global transaction's status (SAGA).
///
/// Answered with a ``GlobalEndResponse``.
public struct GlobalReportRequest: Sendable, Hashable {
    /// The global transaction.
    public var xid: String
    /// Extra data from the TM ("" when none).
    public var extraData: String
    /// The status reported; nil when Seata's field was null (the byte 0xFF).
    public var globalStatus: GlobalStatus?

    /// Makes a request.
    public init(xid: String, extraData: String = "", globalStatus: GlobalStatus?) {
        self.xid = xid
        self.extraData = extraData
        self.globalStatus = globalStatus
    }

    /// The byte Seata writes for a null status.
    private static let nullStatus: UInt8 = 0xFF

    /// Reads the fields (xid S2, extraData S2, globalStatus u8 with 0xFF for null).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalReportRequest {
        let xid = try buffer.readS2("xid")
        let extraData = try buffer.readS2("extraData")
        let byte = try buffer.readSeataInteger("globalStatus", as: UInt8.self)
        var status: GlobalStatus?
        if byte != nullStatus {
            guard let known = GlobalStatus(rawValue: byte) else {
                throw SeataProtocolError(.invalidValue(field: "globalStatus", value: Int(byte)))
            }
            status = known
        }
        return GlobalReportRequest(xid: xid, extraData: extraData, globalStatus: status)
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(xid)
        buffer.writeS2(extraData)
        buffer.writeInteger(globalStatus?.rawValue ?? Self.nullStatus)
    }
}
