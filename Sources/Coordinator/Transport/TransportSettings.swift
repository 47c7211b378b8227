/// What the transport reads from the configuration, on every use, so a live change applies.
struct TransportSettings: Sendable, Hashable {
    /// `transport.rpcTcRequestTimeout` (15 s): how long phase two waits for an RM's answer.
    var rpcTcRequestTimeout: Duration = .seconds(15)
    /// `transport.enableTcServerBatchSendResponse` (false): answer a merged request with a
    /// BatchResult (to clients of 1.5.0 or later) instead of a MergeResult.
    var batchResponses = false
    /// How long a connection may stay silent before it is closed.
    ///
    /// Seata: 15 s of read idleness; clients ping every 5 s. Not a configuration key.
    var readIdleTimeout: Duration = .seconds(15)
}
