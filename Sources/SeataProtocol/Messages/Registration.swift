public import NIOCore

/// TM→TC (type code 101): a transaction manager introduces itself.
public struct RegisterTMRequest: Sendable, Hashable {
    /// The client's Seata version (`2.3.0-SNAPSHOT`; `1.0` from seata-python).
    public var version: String
    /// The application's id.
    public var applicationId: String
    /// The transaction service group (`my_test_tx_group`).
    public var transactionServiceGroup: String
    /// Extra data ("" when none).
    ///
    /// The Java client sends `key=value` lines: `ak`, `digest`, `timestamp`, `authVersion`,
    /// `vgroup`, `ip`.
    public var extraData: String

    /// Makes a request.
    public init(version: String, applicationId: String, transactionServiceGroup: String, extraData: String = "") {
        self.version = version
        self.applicationId = applicationId
        self.transactionServiceGroup = transactionServiceGroup
        self.extraData = extraData
    }

    /// Reads the fields (version, applicationId, transactionServiceGroup, extraData: all S2).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> RegisterTMRequest {
        RegisterTMRequest(
            version: try buffer.readS2("version"),
            applicationId: try buffer.readS2("applicationId"),
            transactionServiceGroup: try buffer.readS2("transactionServiceGroup"),
            extraData: try buffer.readS2("extraData")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(version)
        buffer.writeS2(applicationId)
        buffer.writeS2(transactionServiceGroup)
        buffer.writeS2(extraData)
    }
}

/// RM→TC (type code 103): a resource manager introduces itself and its resources.
public struct RegisterRMRequest: Sendable, Hashable {
    /// The client's Seata version.
    public var version: String
    /// The application's id.
    public var applicationId: String
    /// The transaction service group.
    public var transactionServiceGroup: String
    /// Extra data ("" when none).
    public var extraData: String
    /// The RM's resources, comma-separated ("" when none).
    public var resourceIds: String

    /// Makes a request.
    public init(
        version: String,
        applicationId: String,
        transactionServiceGroup: String,
        extraData: String = "",
        resourceIds: String
    ) {
        self.version = version
        self.applicationId = applicationId
        self.transactionServiceGroup = transactionServiceGroup
        self.extraData = extraData
        self.resourceIds = resourceIds
    }

    /// The resource ids, split at commas, empty ones left out.
    public var resources: [Substring] { resourceIds.split(separator: ",") }

    /// Reads the fields (RegisterTM's four S2, then resourceIds S4).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> RegisterRMRequest {
        let identity = try RegisterTMRequest.decode(from: &buffer)
        return RegisterRMRequest(
            version: identity.version,
            applicationId: identity.applicationId,
            transactionServiceGroup: identity.transactionServiceGroup,
            extraData: identity.extraData,
            resourceIds: try buffer.readS4("resourceIds")
        )
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeS2(version)
        buffer.writeS2(applicationId)
        buffer.writeS2(transactionServiceGroup)
        buffer.writeS2(extraData)
        buffer.writeS4(resourceIds)
    }
}

/// TC→client: the answer to RegisterTM (type code 102) or RegisterRM (104), as Seata's
/// `AbstractIdentifyResponse` in protocol v1.
///
/// In v1 there is no result prefix and no extraData: only identified u8 and version S2 (Seata's
/// protocol v2 adds both; this library speaks v1).
public struct RegistrationResponse: Sendable, Hashable {
    /// Whether the coordinator accepted the client.
    public var identified: Bool
    /// The coordinator's version.
    public var version: String

    /// Makes a response.
    public init(identified: Bool, version: String) {
        self.identified = identified
        self.version = version
    }

    /// Reads the fields (identified u8 0 or 1, version S2).
    public static func decode(from buffer: inout ByteBuffer) throws(SeataProtocolError) -> RegistrationResponse {
        RegistrationResponse(identified: try buffer.readSeataBool("identified"), version: try buffer.readS2("version"))
    }

    /// Writes the fields.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(identified ? 1 : 0))
        buffer.writeS2(version)
    }
}
