public import NIOCore

/// Writes outbound ``SeataFrame``s; use it as `MessageToByteHandler(SeataFrameEncoder())`.
///
/// A server that answers from its event loop can skip the frame value and write straight into a
/// buffer with ``SeataFrame/writeResponse(_:into:)``.
public struct SeataFrameEncoder: MessageToByteEncoder, Sendable {
    /// What the encoder consumes.
    public typealias OutboundIn = SeataFrame

    /// Makes an encoder.
    public init() {}

    /// Writes `data` into `out`.
    public func encode(data: SeataFrame, out: inout ByteBuffer) {
        data.encode(into: &out)
    }
}
