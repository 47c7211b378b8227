public import NIOCore

/// TM→TC: a request about one global transaction (Seata's `AbstractGlobalEndRequest`).
///
/// The same fields serve GlobalCommit (type code 7), GlobalRollback (9) and GlobalStatus (15); the
/// ``SeataMessage`` case says which.
public struct GlobalEndRequest: Sendable, Hashable {
    /// The global transaction.
    public var xid: String
    /// Extra data from the TM ("" when none).
    public var extraData: String

    /// Makes a request.
    public init(xid: String, extraData: String = "") {
        self.xid = xid
        self.extraData = extraData
    }

    /// Reads the fields (xid S2, extraData S2).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalEndRequest {
        GlobalEndRequest(xid: try buffer.readS2("xid"), extraData: try buffer.readS2("extraData"))
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(xid)
        buffer.writeS2(extraData)
    }
}

/// TC→TM: a global transaction's status (Seata's `AbstractGlobalEndResponse`).
///
/// The same fields answer GlobalCommit (type code 8), GlobalRollback (10), GlobalStatus (16) and GlobalReport (18).
public struct GlobalEndResponse: Sendable, Hashable {
    /// Success or why not.
    public var result: TransactionResult
    /// The transaction's status (``GlobalStatus/finished`` for an xid the coordinator no longer knows).
    public var globalStatus: GlobalStatus

    /// Makes a response.
    public init(result: TransactionResult, globalStatus: GlobalStatus) {
        self.result = result
        self.globalStatus = globalStatus
    }

    /// Reads the fields (result prefix, globalStatus u8).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalEndResponse {
        GlobalEndResponse(
            result: try TransactionResult.decode(from: &buffer),
            globalStatus: try buffer.readSeataEnum("globalStatus")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        result.encode(into: &buffer)
        buffer.writeInteger(globalStatus.rawValue)
    }
}
