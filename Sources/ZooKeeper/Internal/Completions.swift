internal import CZooKeeper

// The C library's callbacks. They run on the handle's completion thread, one at a time, in
// order. They copy what they need out of the library's buffers (freed when they return),
// look up the Swift side by the number passed as context, and return without blocking.

private func requestID(_ data: UnsafeRawPointer?) -> UInt { UInt(bitPattern: data) }

private func stat(_ pointer: UnsafePointer<Stat>?) -> ZNodeStat? { pointer.map { ZNodeStat($0.pointee) } }

private func strings(_ vector: UnsafePointer<String_vector>?) -> [String] {
    guard let vector, let data = vector.pointee.data else { return [] }
    return (0..<Int(vector.pointee.count)).compactMap { data[$0].map { String(cString: $0) } }
}

enum Completions {
    static let void: void_completion_t = { rc, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in .void(rc) }
    }

    static let stat: stat_completion_t = { rc, s, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in .stat(rc, ZooKeeper.stat(s)) }
    }

    static let data: data_completion_t = { rc, value, length, s, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in
            var bytes: [UInt8] = []
            if let value, length > 0 {
                bytes = value.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                    Array(UnsafeBufferPointer(start: $0, count: Int(length)))
                }
            }
            return .data(rc, bytes, ZooKeeper.stat(s))
        }
    }

    static let children: strings_stat_completion_t = { rc, vector, s, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in .children(rc, strings(vector), ZooKeeper.stat(s)) }
    }

    static let stringStat: string_stat_completion_t = { rc, value, s, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in
            .string(rc, value.map { String(cString: $0) }, ZooKeeper.stat(s))
        }
    }

    static let string: string_completion_t = { rc, value, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in .string(rc, value.map { String(cString: $0) }, nil) }
    }

    static let multi: void_completion_t = { rc, data in
        CallbackRegistry.shared.complete(requestID(data)) { request in
            .multi(rc, request.multi?.slots() ?? [])
        }
    }

    static let acl: acl_completion_t = { rc, vector, s, data in
        CallbackRegistry.shared.complete(requestID(data)) { _ in
            var entries: [ACLEntry] = []
            if let vector, let items = vector.pointee.data {
                for i in 0..<Int(vector.pointee.count) {
                    let item = items[i]
                    entries.append(
                        ACLEntry(
                            permissions: .init(rawValue: item.perms),
                            scheme: item.id.scheme.map { String(cString: $0) } ?? "",
                            id: item.id.id.map { String(cString: $0) } ?? ""
                        )
                    )
                }
            }
            return .acl(rc, entries, ZooKeeper.stat(s))
        }
    }

    /// Path watches: the context is the watch's number in the registry.
    static let pathWatcher: watcher_fn = { _, type, state, _, context in
        CallbackRegistry.shared.fire(watch: UInt(bitPattern: context), type: type, state: state)
    }

    /// The session's global watcher: the context is the session's number in the registry.
    static let sessionWatcher: watcher_fn = { _, type, state, _, context in
        guard type == ZOO_SESSION_EVENT else { return }
        CallbackRegistry.shared.session(UInt(bitPattern: context))?.sessionEvent(state: state)
    }
}
