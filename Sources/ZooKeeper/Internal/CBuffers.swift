internal import CZooKeeper

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// C copies of an ACL list, alive for the duration of `body`.
///
/// The library serializes the
/// ACL into its request buffer before the `zoo_a…` call returns, so nothing outlives it.
func withACLVector<R>(_ entries: [ACLEntry], _ body: (UnsafePointer<ACL_vector>) -> R) -> R {
    let acl = CACLVector(entries)
    defer { acl.release() }
    return withUnsafePointer(to: acl.vector) { body($0) }
}

/// A C `struct ACL_vector` that owns its strings until `free()`.
struct CACLVector {
    let vector: ACL_vector

    init(_ entries: [ACLEntry]) {
        let data = UnsafeMutablePointer<ACL>.allocate(capacity: max(entries.count, 1))
        for (i, entry) in entries.enumerated() {
            data[i] = ACL(perms: entry.permissions.rawValue, id: Id(scheme: strdup(entry.scheme), id: strdup(entry.id)))
        }
        vector = ACL_vector(count: Int32(entries.count), data: data)
    }

    func release() {
        for i in 0..<Int(vector.count) {
            free(vector.data[i].id.scheme)
            free(vector.data[i].id.id)
        }
        vector.data.deallocate()
    }
}

/// Everything a `zoo_amulti` call points into.
///
/// The library writes each operation's result
/// (and a created node's name, and a set's stat) into this memory when the reply arrives, so
/// it lives in the registry with the request and is freed only after the completion ran or
/// the handle was closed.
final class MultiBuffers: @unchecked Sendable {
    // @unchecked: the memory is written by the C library on the completion thread and read
    // there too (in `slots()`), strictly after the submission finished writing it; the registry's
    // lock orders the two.
    let count: Int
    let ops: UnsafeMutablePointer<zoo_op_t>
    let results: UnsafeMutablePointer<zoo_op_result_t>
    private var owned: [UnsafeMutableRawPointer] = []
    private var acls: [CACLVector] = []
    private let pathBufferLength = 1024

    init(_ operations: [MultiOperation]) {
        count = operations.count
        ops = .allocate(capacity: max(count, 1))
        results = .allocate(capacity: max(count, 1))
        results.initialize(repeating: zoo_op_result_t(), count: max(count, 1))
        for (i, op) in operations.enumerated() {
            switch op {
            case .create(let path, let data, let acl, let mode):
                let vector = CACLVector(acl)
                acls.append(vector)
                let aclPointer = allocate(ACL_vector.self, count: 1)
                aclPointer.initialize(to: vector.vector)
                let buffer = allocate(CChar.self, count: pathBufferLength)
                buffer.initialize(repeating: 0, count: pathBufferLength)
                zoo_create_op_init(
                    ops + i,
                    cString(path),
                    bytes(data),
                    Int32(data.count),
                    aclPointer,
                    mode.flags,
                    buffer,
                    Int32(pathBufferLength)
                )
            case .set(let path, let data, let version):
                let stat = allocate(Stat.self, count: 1)
                stat.initialize(to: Stat())
                zoo_set_op_init(ops + i, cString(path), bytes(data), Int32(data.count), version.raw, stat)
            case .delete(let path, let version):
                zoo_delete_op_init(ops + i, cString(path), version.raw)
            case .check(let path, let version):
                zoo_check_op_init(ops + i, cString(path), version.raw)
            }
        }
    }

    /// malloc'd, so that `deinit` frees everything `owned` the same way.
    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = malloc(MemoryLayout<T>.stride * count)!
        owned.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }

    private func cString(_ s: String) -> UnsafePointer<CChar> {
        let p = strdup(s)!
        owned.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    private func bytes(_ data: [UInt8]) -> UnsafePointer<CChar>? {
        guard !data.isEmpty else { return nil }
        let p = allocate(CChar.self, count: data.count)
        data.withUnsafeBytes { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        return UnsafePointer(p)
    }

    /// Each operation's outcome, read after the library wrote it.
    func slots() -> [MultiSlot] {
        (0..<count)
            .map { i in
                let r = results[i]
                let path: String? =
                    if ops[i].type == ZOO_CREATE_OP, r.err == ZOK.rawValue, let value = r.value {
                        String(cString: value)
                    } else { nil }
                let stat: ZNodeStat? =
                    if ops[i].type == ZOO_SETDATA_OP, r.err == ZOK.rawValue, let s = r.stat {
                        ZNodeStat(s.pointee)
                    } else { nil }
                return MultiSlot(rc: r.err, createdPath: path, stat: stat)
            }
    }

    deinit {
        for vector in acls { vector.release() }
        for p in owned { free(p) }
        ops.deallocate()
        results.deallocate()
    }
}
