import NIOCore
import SeataProtocol
import Testing

/// Bodies that do not match their type code are refused, naming the message and the field.
struct MessageErrorTests {
    static func body(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    static func error(_ bytes: [UInt8]) -> SeataProtocolError? {
        do {
            _ = try SeataMessage.decode(body: body(bytes))
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyBodyIsRefused() throws {
        let frame = SeataFrame(messageType: .request, requestID: 3, body: ByteBuffer())
        #expect(throws: SeataProtocolError(.emptyBody, requestID: 3)) { try frame.message() }
    }

    @Test func unknownTypeCodeIsRefused() {
        #expect(Self.error([0, 99]) == SeataProtocolError(.unknownTypeCode(99), typeCode: 99))
        #expect(Self.error([0, 122, 0]) == SeataProtocolError(.unknownTypeCode(122), typeCode: 122))
    }

    @Test func heartbeatTypeCodeNeverOpensABody() {
        #expect(Self.error([0, 120]) == SeataProtocolError(.typeCodeWithoutBody(120), typeCode: 120))
    }

    @Test func truncatedFieldIsNamed() {
        // GlobalBegin: timeout needs four bytes.
        #expect(
            Self.error([0, 1, 0, 0])
                == SeataProtocolError(.truncatedField(field: "timeout", needed: 4, available: 2), typeCode: 1)
        )
        // GlobalBegin: transactionName says 5 bytes, 2 follow.
        #expect(
            Self.error([0, 1, 0, 0, 0, 1, 0, 5, 0x61, 0x62])
                == SeataProtocolError(.truncatedField(field: "transactionName", needed: 5, available: 2), typeCode: 1)
        )
    }

    @Test func trailingBytesAreRefused() {
        #expect(
            Self.error([0, 1, 0, 0, 0, 1, 0, 0, 0xEE])
                == SeataProtocolError(.trailingBytes(count: 1), typeCode: 1)
        )
    }

    @Test func valuesOutsideTheirEnumAreRefused() {
        // GlobalCommitResponse with resultCode 2, then with globalStatus 21 (Seata's last is 20,
        // StopRollbackOrRollbackRetry).
        #expect(
            Self.error([0, 8, 2, 0, 9])
                == SeataProtocolError(.invalidValue(field: "resultCode", value: 2), typeCode: 8)
        )
        #expect(
            Self.error([0, 8, 1, 0, 21])
                == SeataProtocolError(.invalidValue(field: "globalStatus", value: 21), typeCode: 8)
        )
        #expect(
            Self.error([0, 8, 1, 24, 9])
                == SeataProtocolError(.invalidValue(field: "exceptionCode", value: 24), typeCode: 8)
        )
        // RegisterTMResponse identified 2; GlobalLockQueryResponse lockable 2.
        #expect(
            Self.error([0, 102, 2, 0, 0])
                == SeataProtocolError(.invalidValue(field: "identified", value: 2), typeCode: 102)
        )
        #expect(
            Self.error([0, 22, 1, 0, 0, 2])
                == SeataProtocolError(.invalidValue(field: "lockable", value: 2), typeCode: 22)
        )
    }

    @Test func invalidUTF8IsRefused() {
        #expect(
            Self.error([0, 1, 0, 0, 0, 1, 0, 2, 0xC3, 0x28])
                == SeataProtocolError(.invalidUTF8(field: "transactionName"), typeCode: 1)
        )
    }

    @Test func negativeAndOversizedLengthsAreRefused() {
        // BranchRegister with lockKey length -1.
        let register: [UInt8] = [0, 11, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(
            Self.error(register)
                == SeataProtocolError(.negativeLength(field: "lockKey", length: -1), typeCode: 11)
        )
        // GlobalCommit with an xid length of 0x8000.
        #expect(
            Self.error([0, 7, 0x80, 0])
                == SeataProtocolError(.stringTooLong(field: "xid", length: 32768), typeCode: 7)
        )
    }

    @Test func mergedMessageErrorsNameThePosition() {
        // MergedWarp, 2 messages: a good GlobalCommit, then GlobalBegin cut short.
        let inner: [UInt8] = [0, 2, 0, 7, 0, 0, 0, 0, 0, 1, 0, 0]
        let body: [UInt8] = [0, 59, 0, 0, 0, UInt8(inner.count)] + inner
        let error = Self.error(body)
        #expect(error?.typeCode == 1)
        #expect(error?.mergedIndex == 1)
        #expect(error?.reason == .truncatedField(field: "timeout", needed: 4, available: 2))
        #expect(error?.description.contains("merged message #1") == true)
    }

    @Test func mergesCannotNest() {
        let inner: [UInt8] = [0, 1, 0, 59, 0, 0, 0, 2, 0, 0]
        let body: [UInt8] = [0, 59, 0, 0, 0, UInt8(inner.count)] + inner
        #expect(Self.error(body)?.reason == .nestedMerge(59))
        #expect(Self.error(body)?.mergedIndex == 0)
    }

    @Test func mergedLengthBeyondTheBodyIsRefused() {
        #expect(
            Self.error([0, 59, 0, 0, 0, 9, 0, 0])
                == SeataProtocolError(.truncatedField(field: "length", needed: 9, available: 2), typeCode: 59)
        )
        #expect(
            Self.error([0, 60, 0xFF, 0xFF, 0xFF, 0xFF])
                == SeataProtocolError(.negativeLength(field: "length", length: -1), typeCode: 60)
        )
    }

    @Test func mergedIDsMustMatchTheCount() {
        // One GlobalCommit, then 6 bytes where 4 (one id) or none belong.
        let inner: [UInt8] = [0, 1, 0, 7, 0, 0, 0, 0] + [0, 0, 0, 1, 0, 2]
        let body: [UInt8] = [0, 59, 0, 0, 0, UInt8(inner.count)] + inner
        #expect(Self.error(body) == SeataProtocolError(.trailingBytes(count: 2), typeCode: 59))
    }

    @Test func batchResultRequiresTheIDs() {
        let inner: [UInt8] = [0, 1, 0, 14, 1, 0]
        let body: [UInt8] = [0, 121, 0, 0, 0, UInt8(inner.count)] + inner
        #expect(
            Self.error(body)
                == SeataProtocolError(.truncatedField(field: "msgIds", needed: 4, available: 0), typeCode: 121)
        )
    }

    @Test func lyingCountCannotAllocateBeyondTheBody() {
        // count 32767 with no messages behind it: refused at the first missing type code.
        let body: [UInt8] = [0, 60, 0, 0, 0, 2, 0x7F, 0xFF]
        #expect(Self.error(body)?.reason == .truncatedField(field: "typeCode", needed: 2, available: 0))
    }

    @Test func frameErrorsCarryTheRequestIDAndMessage() {
        let frame = SeataFrame(messageType: .request, requestID: 41, body: Self.body([0, 1, 0]))
        do {
            _ = try frame.message()
            Issue.record("a truncated GlobalBegin decoded")
        } catch {
            #expect(error.requestID == 41)
            #expect(error.description.hasPrefix("Seata frame, request 41, GlobalBeginRequest (1): field timeout"))
        }
    }
}
