public import NIOCore

/// TM→TC (type code 1): open a global transaction.
public struct GlobalBeginRequest: Sendable, Hashable {
    /// How long the transaction may stay open, in milliseconds.
    public var timeout: Int32
    /// The transaction's name, for operators ("" when none).
    public var transactionName: String

    /// Makes a request.
    public init(timeout: Int32, transactionName: String) {
        self.timeout = timeout
        self.transactionName = transactionName
    }

    /// Reads the fields (timeout i32, transactionName S2).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalBeginRequest {
        GlobalBeginRequest(
            timeout: try buffer.readSeataInteger("timeout"),
            transactionName: try buffer.readS2("transactionName")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(timeout)
        buffer.writeS2(transactionName)
    }
}

/// TC→TM (type code 2): the new global transaction.
public struct GlobalBeginResponse: Sendable, Hashable {
    /// Success or why not.
    public var result: TransactionResult
    /// The new transaction's xid ("" when it failed).
    public var xid: String
    /// Extra data for the TM ("" when none).
    public var extraData: String

    /// Makes a response.
    public init(result: TransactionResult, xid: String, extraData: String = "") {
        self.result = result
        self.xid = xid
        self.extraData = extraData
    }

    /// Reads the fields (result prefix, xid S2, extraData S2).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalBeginResponse {
        GlobalBeginResponse(
            result: try TransactionResult.decode(from: &buffer),
            xid: try buffer.readS2("xid"),
            extraData: try buffer.readS2("extraData")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        result.encode(into: &buffer)
        buffer.writeS2(xid)
        buffer.writeS2(extraData)
    }
}
