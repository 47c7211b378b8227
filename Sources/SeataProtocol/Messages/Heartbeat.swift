/// A heartbeat: a frame of messageType 3 (ping) or 4 (pong) without a body.
///
/// Clients ping every 5 s; the coordinator answers each ping with a pong carrying the same request
/// id (``SeataFrame/heartbeatResponse()``).
public enum Heartbeat: Sendable, Hashable {
    /// The heartbeat request.
    case ping
    /// The heartbeat response.
    case pong
}
