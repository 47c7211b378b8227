extension SeataFrame {
    /// The frame's `messageType` byte (`ProtocolConstants.MSGTYPE_*`): what kind of frame it is.
    ///
    /// Not the body's type code (``MessageTypeCode``), which says which message the body holds.
    public enum MessageType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// A request that expects a response with the same request id.
        case request = 0
        /// The response to a request.
        case response = 1
        /// A request that expects no response (the Java RM's merged frames still get one).
        case oneWay = 2
        /// A heartbeat ping, without a body; answered by a pong with the same request id.
        case heartbeatRequest = 3
        /// A heartbeat pong, without a body.
        case heartbeatResponse = 4

        /// Whether frames of this type are heartbeats (and so carry no body).
        public var isHeartbeat: Bool { self == .heartbeatRequest || self == .heartbeatResponse }

        /// A short name (`request`, `one-way`, …).
        public var description: String {
            switch self {
            case .request: "request"
            case .response: "response"
            case .oneWay: "one-way"
            case .heartbeatRequest: "heartbeat request"
            case .heartbeatResponse: "heartbeat response"
            }
        }
    }
}
