/// Who a registered connection belongs to, from its RegisterTM or RegisterRM.
struct ClientIdentity: Sendable, Hashable {
    enum Role: String, Sendable {
        case tm = "TM"
        case rm = "RM"
    }

    let role: Role
    let applicationId: String
    let transactionServiceGroup: String
    let version: SeataVersion
    /// The peer's `ip:port`.
    let peer: String
    /// Seata's client id, `applicationId:ip:port`.
    ///
    /// Stored with each branch, so phase two goes back to the connection (or, after a reconnect,
    /// the application) that registered it. Made once: every branch registration and every
    /// phase-two call reads it.
    let clientId: String

    init(role: Role, applicationId: String, transactionServiceGroup: String, version: SeataVersion, peer: String) {
        self.role = role
        self.applicationId = applicationId
        self.transactionServiceGroup = transactionServiceGroup
        self.version = version
        self.peer = peer
        self.clientId = "\(applicationId):\(peer)"
    }

    /// Whether the client decodes what Seata added in 1.5.0.
    ///
    /// BatchResult, status 16 and 17, exception code 20: seata-python 0.1 says "1.0" and its reader thread dies on them.
    var understandsSeata15: Bool { version >= .v1_5_0 }
}

extension SeataVersion: Hashable {
    func hash(into hasher: inout Hasher) { hasher.combine(numbers) }
}

/// A client id split into its parts: `applicationId:ip:port`, the address read from the end (an
/// IPv6 address is bracketed, `app:[::1]:4711`; the application id may contain colons).
struct ClientAddress: Sendable, Hashable {
    var applicationId: String
    var ip: String
    var port: Int

    init?(clientId: String) {
        guard let portColon = clientId.lastIndex(of: ":"),
            let port = Int(clientId[clientId.index(after: portColon)...])
        else { return nil }
        let rest = clientId[..<portColon]
        // The colon between the application id and the ip.
        let separator: String.Index
        if rest.hasSuffix("]"), let open = rest.lastIndex(of: "["), open > rest.startIndex,
            rest[rest.index(before: open)] == ":"
        {
            separator = rest.index(before: open)
        } else if let colon = rest.lastIndex(of: ":") {
            separator = colon
        } else {
            return nil
        }
        applicationId = String(rest[..<separator])
        ip = String(rest[rest.index(after: separator)...])
        self.port = port
    }
}
