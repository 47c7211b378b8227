import NIOCore
import SeataProtocol

/// A registered (or registering) connection to one coordinator for one role, usable from any
/// thread: it encodes a request where it is called and hands the bytes to the connection's event
/// loop, which writes and flushes them and resumes the caller when the answer comes.
struct CoordinatorChannel: Sendable {
    /// The coordinator, as configured.
    let coordinator: CoordinatorAddress
    /// `host:port` of the coordinator, as configured.
    let address: String
    let role: SeataClientRole
    let channel: any Channel
    let handler: NIOLoopBound<ConnectionHandler>
    let ids: RequestIDs
    /// Whether requests marked mergeable go out in MergedWarp frames.
    let merges: Bool

    /// Sends `message` as a request and waits for its answer.
    ///
    /// - Parameters:
    ///   - message: the request.
    ///   - timeout: how long to wait for the answer.
    ///   - mergeable: whether it may travel in a MergedWarp when this connection merges requests.
    /// - Returns: the response frame, or the message out of a merged answer.
    /// - Throws: ``SeataClientError`` with ``SeataClientError/Code/timedOut`` after `timeout`, or
    ///   ``SeataClientError/Code/connectionClosed`` when the connection closes first.
    func request(_ message: SeataMessage, timeout: TimeAmount, mergeable: Bool = false) async throws -> Answer {
        let id = ids.next()
        let merged = mergeable && merges
        var buffer = channel.allocator.buffer(capacity: 96)
        if merged {
            message.encode(into: &buffer)
        } else {
            SeataFrame.write(message, messageType: .request, requestID: id, into: &buffer)
        }
        let bytes = buffer
        let deadline = NIODeadline.now() + timeout
        let request = message.typeCode
        let handler = handler
        return try await withUnsafeThrowingContinuation { continuation in
            let send: @Sendable () -> Void = {
                if merged {
                    handler.value.sendMerged(
                        bytes,
                        requestID: id,
                        request: request,
                        deadline: deadline,
                        continuation: continuation
                    )
                } else {
                    handler.value.send(
                        bytes,
                        requestID: id,
                        request: request,
                        deadline: deadline,
                        continuation: continuation
                    )
                }
            }
            if handler.eventLoop.inEventLoop {
                send()
            } else {
                handler.eventLoop.execute(send)
            }
        }
    }

    /// Writes an encoded frame that expects no response; dropped if the connection has closed.
    func write(_ frame: ByteBuffer) {
        let handler = handler
        if handler.eventLoop.inEventLoop {
            handler.value.write(frame)
        } else {
            handler.eventLoop.execute { handler.value.write(frame) }
        }
    }

    /// Whether this is the same connection as `other`.
    func isSame(as other: CoordinatorChannel) -> Bool {
        channel === other.channel
    }

    /// `ip:port` of the peer as connected, when it differs from the configured address: xids carry
    /// the coordinator's own address, which may be an IP where the configuration has a name.
    var peerKey: String? {
        guard let ip = channel.remoteAddress?.ipAddress, let port = channel.remoteAddress?.port else { return nil }
        let key = CoordinatorAddress(host: ip, port: port).description
        return key == address ? nil : key
    }
}
