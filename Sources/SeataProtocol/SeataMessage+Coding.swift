public import NIOCore

extension SeataMessage {
    /// Reads a whole body: the u16 type code, then that message's fields, and nothing after them.
    public static func decode(body: ByteBuffer) throws(SeataProtocolError) -> SeataMessage {
        var buffer = body
        guard buffer.readableBytes > 0 else { throw SeataProtocolError(.emptyBody) }
        let code = try buffer.readSeataInteger("typeCode", as: UInt16.self)
        guard let typeCode = MessageTypeCode(rawValue: code) else {
            throw SeataProtocolError(.unknownTypeCode(code), typeCode: code)
        }
        let message = try decode(typeCode: typeCode, from: &buffer)
        guard buffer.readableBytes == 0 else {
            throw SeataProtocolError(.trailingBytes(count: buffer.readableBytes), typeCode: code)
        }
        return message
    }

    /// Reads the fields of the message `typeCode` names from the start of `buffer`, leaving what
    /// follows them.
    ///
    /// - Throws: ``SeataProtocolError/Reason/typeCodeWithoutBody(_:)`` for ``MessageTypeCode/heartbeat``,
    ///   whose frames have no body.
    public static func decode(typeCode: MessageTypeCode, from buffer: inout ByteBuffer)
        throws(SeataProtocolError) -> SeataMessage
    {
        do throws(SeataProtocolError) {
            return try decodeFields(typeCode: typeCode, from: &buffer)
        } catch var error {
            if error.typeCode == nil { error.typeCode = typeCode.rawValue }
            throw error
        }
    }

    private static func decodeFields(typeCode: MessageTypeCode, from buffer: inout ByteBuffer)
        throws(SeataProtocolError) -> SeataMessage
    {
        switch typeCode {
        case .globalBegin: .globalBegin(try .decode(from: &buffer))
        case .globalBeginResult: .globalBeginResponse(try .decode(from: &buffer))
        case .branchCommit: .branchCommit(try .decode(from: &buffer))
        case .branchCommitResult: .branchCommitResponse(try .decode(from: &buffer))
        case .branchRollback: .branchRollback(try .decode(from: &buffer))
        case .branchRollbackResult: .branchRollbackResponse(try .decode(from: &buffer))
        case .globalCommit: .globalCommit(try .decode(from: &buffer))
        case .globalCommitResult: .globalCommitResponse(try .decode(from: &buffer))
        case .globalRollback: .globalRollback(try .decode(from: &buffer))
        case .globalRollbackResult: .globalRollbackResponse(try .decode(from: &buffer))
        case .branchRegister: .branchRegister(try .decode(from: &buffer))
        case .branchRegisterResult: .branchRegisterResponse(try .decode(from: &buffer))
        case .branchStatusReport: .branchReport(try .decode(from: &buffer))
        case .branchStatusReportResult: .branchReportResponse(try .decode(from: &buffer))
        case .globalStatus: .globalStatus(try .decode(from: &buffer))
        case .globalStatusResult: .globalStatusResponse(try .decode(from: &buffer))
        case .globalReport: .globalReport(try .decode(from: &buffer))
        case .globalReportResult: .globalReportResponse(try .decode(from: &buffer))
        case .globalLockQuery: .globalLockQuery(try .decode(from: &buffer))
        case .globalLockQueryResult: .globalLockQueryResponse(try .decode(from: &buffer))
        case .mergedWarp: .mergedWarp(try .decode(from: &buffer))
        case .mergeResult: .mergeResult(try .decode(from: &buffer))
        case .registerTM: .registerTM(try .decode(from: &buffer))
        case .registerTMResult: .registerTMResponse(try .decode(from: &buffer))
        case .registerRM: .registerRM(try .decode(from: &buffer))
        case .registerRMResult: .registerRMResponse(try .decode(from: &buffer))
        case .undoLogDelete: .undoLogDelete(try .decode(from: &buffer))
        case .batchResult: .batchResult(try .decode(from: &buffer))
        case .heartbeat: throw SeataProtocolError(.typeCodeWithoutBody(typeCode.rawValue))
        }
    }

    /// Writes the body: the u16 type code, then the fields.
    ///
    /// A heartbeat writes nothing: its frame has no body.
    public func encode(into buffer: inout ByteBuffer) {
        if case .heartbeat = self { return }
        buffer.writeInteger(typeCode.rawValue)
        encodeFields(into: &buffer)
    }

    /// Writes the fields only, without the type code.
    public func encodeFields(into buffer: inout ByteBuffer) {
        switch self {
        case .globalBegin(let message): message.encode(into: &buffer)
        case .globalBeginResponse(let message): message.encode(into: &buffer)
        case .branchCommit(let message), .branchRollback(let message): message.encode(into: &buffer)
        case .branchCommitResponse(let message), .branchRollbackResponse(let message): message.encode(into: &buffer)
        case .globalCommit(let message), .globalRollback(let message), .globalStatus(let message):
            message.encode(into: &buffer)
        case .globalCommitResponse(let message), .globalRollbackResponse(let message),
            .globalStatusResponse(let message), .globalReportResponse(let message):
            message.encode(into: &buffer)
        case .branchRegister(let message): message.encode(into: &buffer)
        case .branchRegisterResponse(let message): message.encode(into: &buffer)
        case .branchReport(let message): message.encode(into: &buffer)
        case .branchReportResponse(let message): message.encode(into: &buffer)
        case .globalReport(let message): message.encode(into: &buffer)
        case .globalLockQuery(let message): message.encode(into: &buffer)
        case .globalLockQueryResponse(let message): message.encode(into: &buffer)
        case .mergedWarp(let message): message.encode(into: &buffer)
        case .mergeResult(let message): message.encode(into: &buffer)
        case .registerTM(let message): message.encode(into: &buffer)
        case .registerTMResponse(let message), .registerRMResponse(let message): message.encode(into: &buffer)
        case .registerRM(let message): message.encode(into: &buffer)
        case .undoLogDelete(let message): message.encode(into: &buffer)
        case .batchResult(let message): message.encode(into: &buffer)
        case .heartbeat: break
        }
    }
}
