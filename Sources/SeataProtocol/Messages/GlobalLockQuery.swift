public import NIOCore

/// RM→TC (type code 21): would these rows be lockable by this global transaction? The fields are
/// BranchRegister's (Seata's `GlobalLockQueryRequest` extends `BranchRegisterRequest`).
public struct GlobalLockQueryRequest: Sendable, Hashable {
    /// The asking global transaction ("" for a plain `@GlobalLock` query outside one).
    public var xid: String
    /// The branch's kind.
    public var branchType: BranchType
    /// The resource (the JDBC URL).
    public var resourceId: String
    /// The rows, `table:pk1,pk2;table2:pk`.
    public var lockKey: String
    /// Application data ("" when none).
    public var applicationData: String

    /// Makes a request.
    public init(xid: String, branchType: BranchType, resourceId: String, lockKey: String, applicationData: String) {
        self.xid = xid
        self.branchType = branchType
        self.resourceId = resourceId
        self.lockKey = lockKey
        self.applicationData = applicationData
    }

    /// Reads the fields (as ``BranchRegisterRequest``).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalLockQueryRequest {
        let fields = try BranchRegisterRequest.decode(from: &buffer)
        return GlobalLockQueryRequest(
            xid: fields.xid,
            branchType: fields.branchType,
            resourceId: fields.resourceId,
            lockKey: fields.lockKey,
            applicationData: fields.applicationData
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        BranchRegisterRequest(
            xid: xid,
            branchType: branchType,
            resourceId: resourceId,
            lockKey: lockKey,
            applicationData: applicationData
        )
        .encode(into: &buffer)
    }
}

/// TC→RM (type code 22): whether the rows are lockable.
public struct GlobalLockQueryResponse: Sendable, Hashable {
    /// Success or why not.
    public var result: TransactionResult
    /// True when no other global transaction holds any of the rows.
    public var lockable: Bool

    /// Makes a response.
    public init(result: TransactionResult, lockable: Bool) {
        self.result = result
        self.lockable = lockable
    }

    /// Reads the fields (result prefix, lockable as an i16 1 or 0).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> GlobalLockQueryResponse {
        let result = try TransactionResult.decode(from: &buffer)
        let flag = try buffer.readSeataInteger("lockable", as: Int16.self)
        guard flag == 0 || flag == 1 else {
            throw SeataProtocolError(.invalidValue(field: "lockable", value: Int(flag)))
        }
        return GlobalLockQueryResponse(result: result, lockable: flag == 1)
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        result.encode(into: &buffer)
        buffer.writeInteger(Int16(lockable ? 1 : 0))
    }
}
