#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NIOCore
import NIOPosix
import SeataProtocol
import Synchronization

// The benchmark's floor: a do-nothing coordinator. It answers every request with a canned success
// of the right type and keeps only what the round trips need: the branches registered under each
// xid and the RM connection each came on. GlobalCommit sends BranchCommit to each TCC branch in turn
// and answers when the last replies; GlobalRollback does the same with BranchRollback, last branch
// first; AT branches get their BranchCommit after the commit is answered, as a coordinator commits
// them in the background. So a transaction costs the floor the same round trips as a coordinator,
// with no store, no locks, no timeouts and no checks. Merged requests are answered one by one in a
// MergeResult (phase two inside a merge is not driven).
//
//     TCFloor [--host 127.0.0.1] [--port 0] [--threads N] [--glue-frames 0|1]
//
// `--glue-frames 1`: the answers to the requests of one read go out in one flush (written in
// `channelRead`, flushed in `channelReadComplete`), as the coordinator glues the frames of one
// event-loop turn for clients that read a stream; by default each frame is flushed on its own.
//
// Prints "TCFloor listening on HOST:PORT" once bound; stops on SIGTERM or SIGINT.

var host = "127.0.0.1"
var port = 0
var threads = System.coreCount
var glueFrames = false
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        print("TCFloor: \(flag) needs a value; usage: TCFloor [--host H] [--port P] [--threads N] [--glue-frames 0|1]")
        exit(64)
    }
    switch flag {
    case "--host": host = value
    case "--port": port = Int(value) ?? -1
    case "--threads": threads = Int(value) ?? 0
    case "--glue-frames": glueFrames = value == "1"
    default:
        print("TCFloor: unknown option \(flag); usage: TCFloor [--host H] [--port P] [--threads N] [--glue-frames 0|1]")
        exit(64)
    }
}
guard (0...65535).contains(port), threads > 0 else {
    print("TCFloor: --port must be 0–65535 and --threads at least 1")
    exit(64)
}

/// What the floor keeps: ids, and the branches of each open transaction.
final class Floor: Sendable {
    let xidPrefix: String
    /// `--glue-frames 1`.
    let gluesFrames: Bool
    private let ids = Atomic<Int64>(0)
    private let requestIDs = Atomic<UInt32>(0)
    private let branches = Mutex<[String: [Branch]]>([:])

    init(xidPrefix: String, gluesFrames: Bool) {
        self.xidPrefix = xidPrefix
        self.gluesFrames = gluesFrames
    }

    func nextID() -> Int64 { ids.wrappingAdd(1, ordering: .relaxed).newValue }
    func nextRequestID() -> UInt32 { requestIDs.wrappingAdd(1, ordering: .relaxed).newValue }

    func add(_ branch: Branch, to xid: String) {
        branches.withLock { $0[xid, default: []].append(branch) }
    }

    func take(_ xid: String) -> [Branch] {
        branches.withLock { $0.removeValue(forKey: xid) } ?? []
    }
}

/// A registered branch and the RM connection to call it on.
struct Branch: Sendable {
    let request: BranchEndRequest
    let rm: NIOLoopBound<FloorHandler>
}

/// One client connection.
final class FloorHandler: ChannelInboundHandler {
    typealias InboundIn = SeataFrame
    typealias OutboundOut = ByteBuffer

    let floor: Floor
    private var context: ChannelHandlerContext?
    private var waiting: [UInt32: @Sendable () -> Void] = [:]
    /// Answers written in this read and not flushed yet (`--glue-frames 1`).
    private var unflushed = false

    init(floor: Floor) {
        self.floor = floor
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelInactive(context: ChannelHandlerContext) {
        // Let phase two go on rather than leave a TM waiting.
        let left = waiting
        waiting = [:]
        for next in left.values { next() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.messageType {
        case .heartbeatRequest:
            var buffer = context.channel.allocator.buffer(capacity: 16)
            frame.heartbeatResponse().encode(into: &buffer)
            emit(buffer, context: context)
        case .heartbeatResponse:
            break
        case .response:
            waiting.removeValue(forKey: frame.requestID)?()
        case .request, .oneWay:
            guard let message = try? frame.message() else {
                context.close(promise: nil)
                return
            }
            if case .mergedWarp(let merged) = message {
                let results = merged.messages.compactMap { immediateAnswer($0, context: context) }
                respond(frame, .mergeResult(MergeResultMessage(results: results)), context: context)
            } else if let answer = immediateAnswer(message, context: context) {
                respond(frame, answer, context: context)
            } else {
                phaseTwo(message, frame: frame, channel: context.channel)
            }
        }
    }

    /// The canned answer, or nil for GlobalCommit and GlobalRollback (answered after phase two).
    private func immediateAnswer(_ message: SeataMessage, context: ChannelHandlerContext) -> SeataMessage? {
        switch message {
        case .registerTM: return .registerTMResponse(RegistrationResponse(identified: true, version: "floor"))
        case .registerRM: return .registerRMResponse(RegistrationResponse(identified: true, version: "floor"))
        case .globalBegin:
            return .globalBeginResponse(
                GlobalBeginResponse(result: .success, xid: floor.xidPrefix + "\(floor.nextID())")
            )
        case .branchRegister(let register):
            let branchId = floor.nextID()
            let request = BranchEndRequest(
                xid: register.xid,
                branchId: branchId,
                branchType: register.branchType,
                resourceId: register.resourceId,
                applicationData: register.applicationData
            )
            floor.add(Branch(request: request, rm: NIOLoopBound(self, eventLoop: context.eventLoop)), to: register.xid)
            return .branchRegisterResponse(BranchRegisterResponse(result: .success, branchId: branchId))
        case .branchReport: return .branchReportResponse(BranchReportResponse(result: .success))
        case .globalLockQuery:
            return .globalLockQueryResponse(GlobalLockQueryResponse(result: .success, lockable: true))
        case .globalStatus: return .globalStatusResponse(GlobalEndResponse(result: .success, globalStatus: .begin))
        case .globalReport(let report):
            return .globalReportResponse(
                GlobalEndResponse(result: .success, globalStatus: report.globalStatus ?? .finished)
            )
        default: return nil
        }
    }

    private func phaseTwo(_ message: SeataMessage, frame: SeataFrame, channel: any Channel) {
        let commit: Bool
        let xid: String
        switch message {
        case .globalCommit(let request): (commit, xid) = (true, request.xid)
        case .globalRollback(let request): (commit, xid) = (false, request.xid)
        default: return  // nothing else is a request a client sends
        }
        let branches = floor.take(xid)
        let driven = commit ? branches.filter { $0.request.branchType != .at } : branches.reversed()
        let background = commit ? branches.filter { $0.request.branchType == .at } : []
        let answer: SeataMessage =
            commit
            ? .globalCommitResponse(GlobalEndResponse(result: .success, globalStatus: .committed))
            : .globalRollbackResponse(GlobalEndResponse(result: .success, globalStatus: .rollbacked))
        let floor = floor
        Self.drive(driven[...], commit: commit, floor: floor) {
            var buffer = channel.allocator.buffer(capacity: 32)
            frame.writeResponse(answer, into: &buffer)
            channel.writeAndFlush(buffer, promise: nil)
            for branch in background {
                Self.call(branch, commit: true, floor: floor) {}
            }
        }
    }

    /// Phase two on each branch in turn, then `done`.
    private static func drive(
        _ branches: ArraySlice<Branch>,
        commit: Bool,
        floor: Floor,
        done: @escaping @Sendable () -> Void
    ) {
        guard let first = branches.first else {
            done()
            return
        }
        call(first, commit: commit, floor: floor) {
            drive(branches.dropFirst(), commit: commit, floor: floor, done: done)
        }
    }

    private static func call(_ branch: Branch, commit: Bool, floor: Floor, then next: @escaping @Sendable () -> Void) {
        let rm = branch.rm
        let message: SeataMessage = commit ? .branchCommit(branch.request) : .branchRollback(branch.request)
        let requestID = floor.nextRequestID()
        rm.eventLoop.execute {
            rm.value.send(message, requestID: requestID, then: next)
        }
    }

    private func send(_ message: SeataMessage, requestID: UInt32, then next: @escaping @Sendable () -> Void) {
        guard let context, context.channel.isActive else {
            next()
            return
        }
        waiting[requestID] = next
        var buffer = context.channel.allocator.buffer(capacity: 96)
        SeataFrame.write(message, messageType: .request, requestID: requestID, into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func respond(_ request: SeataFrame, _ message: SeataMessage, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        request.writeResponse(message, into: &buffer)
        emit(buffer, context: context)
    }

    /// Writes an answer made in `channelRead`: flushed now, or with the read's others.
    private func emit(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        guard floor.gluesFrames else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            return
        }
        context.write(wrapOutboundOut(buffer), promise: nil)
        unflushed = true
    }
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
let box = Mutex<Floor?>(nil)
let server = try await ServerBootstrap(group: group)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .serverChannelOption(.backlog, value: 256)
    .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            guard let floor = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SeataFrameDecoder()))
            try channel.pipeline.syncOperations.addHandler(FloorHandler(floor: floor))
        }
    }
    .bind(host: host, port: port)
    .get()
let bound = server.localAddress!
let advertised = "\(bound.ipAddress!):\(bound.port!)"
box.withLock { $0 = Floor(xidPrefix: advertised + ":", gluesFrames: glueFrames) }
// Straight to the file descriptor: the script waits for this line, and stdout may be a pipe.
var line = "TCFloor listening on \(advertised) (\(threads) threads)\n"
line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
try await server.closeFuture.get()
