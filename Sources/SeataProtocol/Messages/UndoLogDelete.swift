public import NIOCore

/// TC→RM (type code 111), one-way: delete the resource's undo-log rows older than `saveDays`.
public struct UndoLogDeleteRequest: Sendable, Hashable {
    /// The branch kind (AT).
    public var branchType: BranchType
    /// The resource whose undo log to trim.
    public var resourceId: String
    /// Keep this many days of undo log.
    public var saveDays: Int16

    /// Makes a request.
    public init(branchType: BranchType = .at, resourceId: String, saveDays: Int16) {
        self.branchType = branchType
        self.resourceId = resourceId
        self.saveDays = saveDays
    }

    /// Reads the fields (branchType u8, resourceId S2, saveDays i16).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> UndoLogDeleteRequest {
        UndoLogDeleteRequest(
            branchType: try buffer.readSeataEnum("branchType"),
            resourceId: try buffer.readS2("resourceId"),
            saveDays: try buffer.readSeataInteger("saveDays")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(branchType.rawValue)
        buffer.writeS2(resourceId)
        buffer.writeInteger(saveDays)
    }
}
