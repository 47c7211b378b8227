import NIOCore
import SeataProtocol

/// Requests waiting to go out together in one MergedWarp frame, and the merged frames waiting for
/// their MergeResult or BatchResult; owned by a connection's handler, on its event loop.
///
/// As the Java client's RM does, the frame is one-way (messageType 2), carries each request's own
/// id after the messages, and is answered by a response frame with the merged frame's id. The
/// basket is flushed at the end of the event loop's current batch of work, so requests that arrive
/// together travel together and a lone request waits for nothing (it goes as a plain request).
struct MergeBasket {
    private var bodies: [(id: UInt32, body: ByteBuffer)] = []
    private var sent: [UInt32: [UInt32]] = [:]

    /// Adds a request's body (type code and fields); true when the basket was empty, so the
    /// caller schedules a flush.
    mutating func add(_ body: ByteBuffer, requestID: UInt32) -> Bool {
        bodies.append((requestID, body))
        return bodies.count == 1
    }

    /// The frame to write for what is in the basket (nil when empty), and empties it.
    mutating func flush(frameID: () -> UInt32, allocator: ByteBufferAllocator) -> ByteBuffer? {
        guard !bodies.isEmpty else { return nil }
        let items = bodies
        bodies = []
        if items.count == 1 {
            let frame = SeataFrame(messageType: .request, requestID: items[0].id, body: items[0].body)
            var buffer = allocator.buffer(capacity: frame.encodedLength)
            frame.encode(into: &buffer)
            return buffer
        }
        // MergedWarp body: i32 length of the rest, i16 count, the messages, then their ids.
        var body = allocator.buffer(capacity: 8 + items.reduce(0) { $0 + $1.body.readableBytes + 4 })
        body.writeInteger(MessageTypeCode.mergedWarp.rawValue)
        body.writeInteger(Int32(0))
        body.writeInteger(Int16(truncatingIfNeeded: items.count))
        for item in items {
            var bytes = item.body
            body.writeBuffer(&bytes)
        }
        for item in items {
            body.writeInteger(item.id)
        }
        body.setInteger(Int32(truncatingIfNeeded: body.writerIndex - 6), at: 2)
        let id = frameID()
        sent[id] = items.map(\.id)
        let frame = SeataFrame(messageType: .oneWay, requestID: id, body: body)
        var buffer = allocator.buffer(capacity: frame.encodedLength)
        frame.encode(into: &buffer)
        return buffer
    }

    /// The ids of the requests merged into frame `frameID`, if it was one; forgets the frame.
    mutating func requests(mergedInto frameID: UInt32) -> [UInt32]? {
        sent.removeValue(forKey: frameID)
    }

    /// Forgets merged frames none of whose requests still wait (their answers will not come).
    mutating func forget(unless waiting: (UInt32) -> Bool) {
        guard !sent.isEmpty else { return }
        sent = sent.filter { $0.value.contains(where: waiting) }
    }

    /// Matches a merged frame's answer to its requests, or nil for an answer of another type.
    ///
    /// A MergeResult answers in order, a BatchResult by the ids it lists.
    static func answers(_ message: SeataMessage, requests: [UInt32]) -> [(UInt32, SeataMessage)]? {
        switch message {
        case .mergeResult(let merged):
            return Array(zip(requests, merged.results))
        case .batchResult(let batch):
            return Array(zip(batch.messageIDs, batch.results))
        default:
            return nil
        }
    }
}

/// What a waiting request gets: its own response frame, or its message out of a merged answer.
enum Answer: Sendable {
    case frame(SeataFrame)
    case merged(SeataMessage)
}
