public import NIOCore

/// TC→RM: phase two for one branch (Seata's `AbstractBranchEndRequest`).
///
/// The same fields serve BranchCommit (type code 3) and BranchRollback (5); the ``SeataMessage`` case says which.
public struct BranchEndRequest: Sendable, Hashable {
    /// The global transaction.
    public var xid: String
    /// The branch.
    public var branchId: Int64
    /// The branch's kind.
    public var branchType: BranchType
    /// The branch's resource.
    public var resourceId: String
    /// The branch's application data, as registered ("" when none).
    public var applicationData: String

    /// Makes a request.
    public init(xid: String, branchId: Int64, branchType: BranchType, resourceId: String, applicationData: String) {
        self.xid = xid
        self.branchId = branchId
        self.branchType = branchType
        self.resourceId = resourceId
        self.applicationData = applicationData
    }

    /// Reads the fields (xid S2, branchId i64, branchType u8, resourceId S2, applicationData S4).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BranchEndRequest {
        BranchEndRequest(
            xid: try buffer.readS2("xid"),
            branchId: try buffer.readSeataInteger("branchId"),
            branchType: try buffer.readSeataEnum("branchType"),
            resourceId: try buffer.readS2("resourceId"),
            applicationData: try buffer.readS4("applicationData")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(xid)
        buffer.writeInteger(branchId)
        buffer.writeInteger(branchType.rawValue)
        buffer.writeS2(resourceId)
        buffer.writeS4(applicationData)
    }
}

/// RM→TC: the branch's status after phase two (Seata's `AbstractBranchEndResponse`).
///
/// Answers BranchCommit (type code 4) and BranchRollback (6).
public struct BranchEndResponse: Sendable, Hashable {
    /// Success or why not.
    public var result: TransactionResult
    /// The global transaction.
    public var xid: String
    /// The branch.
    public var branchId: Int64
    /// The branch's status (``BranchStatus/phaseTwoCommitted``, …).
    public var branchStatus: BranchStatus

    /// Makes a response.
    public init(result: TransactionResult, xid: String, branchId: Int64, branchStatus: BranchStatus) {
        self.result = result
        self.xid = xid
        self.branchId = branchId
        self.branchStatus = branchStatus
    }

    /// Reads the fields (result prefix, xid S2, branchId i64, branchStatus u8).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BranchEndResponse {
        BranchEndResponse(
            result: try TransactionResult.decode(from: &buffer),
            xid: try buffer.readS2("xid"),
            branchId: try buffer.readSeataInteger("branchId"),
            branchStatus: try buffer.readSeataEnum("branchStatus")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        result.encode(into: &buffer)
        buffer.writeS2(xid)
        buffer.writeInteger(branchId)
        buffer.writeInteger(branchStatus.rawValue)
    }
}
