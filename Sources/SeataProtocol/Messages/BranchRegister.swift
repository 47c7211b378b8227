public import NIOCore

/// RM→TC (type code 11): register a branch in a global transaction.
public struct BranchRegisterRequest: Sendable, Hashable {
    /// The global transaction.
    public var xid: String
    /// The branch's kind.
    public var branchType: BranchType
    /// The resource (for AT, the JDBC URL; for TCC, the action name).
    public var resourceId: String
    /// The rows to lock, `table:pk1,pk2;table2:pk` ("" for none).
    public var lockKey: String
    /// The branch's application data, JSON from the Java RM ("" when none).
    public var applicationData: String

    /// Makes a request.
    public init(xid: String, branchType: BranchType, resourceId: String, lockKey: String, applicationData: String) {
        self.xid = xid
        self.branchType = branchType
        self.resourceId = resourceId
        self.lockKey = lockKey
        self.applicationData = applicationData
    }

    /// Reads the fields (xid S2, branchType u8, resourceId S2, lockKey S4, applicationData S4).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BranchRegisterRequest {
        BranchRegisterRequest(
            xid: try buffer.readS2("xid"),
            branchType: try buffer.readSeataEnum("branchType"),
            resourceId: try buffer.readS2("resourceId"),
            lockKey: try buffer.readS4("lockKey"),
            applicationData: try buffer.readS4("applicationData")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(xid)
        buffer.writeInteger(branchType.rawValue)
        buffer.writeS2(resourceId)
        buffer.writeS4(lockKey)
        buffer.writeS4(applicationData)
    }
}

/// TC→RM (type code 12): the new branch.
public struct BranchRegisterResponse: Sendable, Hashable {
    /// Success or why not (``TransactionExceptionCode/lockKeyConflict`` when a row is held).
    public var result: TransactionResult
    /// The new branch's id (0 when it failed).
    public var branchId: Int64

    /// Makes a response.
    public init(result: TransactionResult, branchId: Int64) {
        self.result = result
        self.branchId = branchId
    }

    /// Reads the fields (result prefix, branchId i64).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BranchRegisterResponse {
        BranchRegisterResponse(
            result: try TransactionResult.decode(from: &buffer),
            branchId: try buffer.readSeataInteger("branchId")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        result.encode(into: &buffer)
        buffer.writeInteger(branchId)
    }
}
