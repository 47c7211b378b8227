public import NIOCore

/// RM→TC (type code 13): the RM reports a branch's status (phase one done or failed, …).
public struct BranchReportRequest: Sendable, Hashable {
    /// The global transaction.
    public var xid: String
    /// The branch.
    public var branchId: Int64
    /// The branch's new status.
    public var status: BranchStatus
    /// The resource ("" when the RM leaves it out, as the Java RM does).
    public var resourceId: String
    /// Application data ("" when none).
    public var applicationData: String
    /// The branch's kind.
    public var branchType: BranchType

    /// Makes a request.
    public init(
        xid: String,
        branchId: Int64,
        status: BranchStatus,
        resourceId: String,
        applicationData: String,
        branchType: BranchType
    ) {
        self.xid = xid
        self.branchId = branchId
        self.status = status
        self.resourceId = resourceId
        self.applicationData = applicationData
        self.branchType = branchType
    }

    /// Reads the fields (xid S2, branchId i64, status u8, resourceId S2, applicationData S4,
    /// branchType u8).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BranchReportRequest {
        BranchReportRequest(
            xid: try buffer.readS2("xid"),
            branchId: try buffer.readSeataInteger("branchId"),
            status: try buffer.readSeataEnum("status"),
            resourceId: try buffer.readS2("resourceId"),
            applicationData: try buffer.readS4("applicationData"),
            branchType: try buffer.readSeataEnum("branchType")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(xid)
        buffer.writeInteger(branchId)
        buffer.writeInteger(status.rawValue)
        buffer.writeS2(resourceId)
        buffer.writeS4(applicationData)
        buffer.writeInteger(branchType.rawValue)
    }
}

/// TC→RM (type code 14): the answer to a branch report; only the result prefix.
public struct BranchReportResponse: Sendable, Hashable {
    /// Success or why not.
    public var result: TransactionResult

    /// Makes a response.
    public init(result: TransactionResult) {
        self.result = result
    }

    /// Reads the fields (the result prefix).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> BranchReportResponse {
        BranchReportResponse(result: try TransactionResult.decode(from: &buffer))
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        result.encode(into: &buffer)
    }
}
