import Synchronization

/// The client's resources by id, and a generation that changes with every addition, so a
/// connection that registered an older set knows to register again.
final class ResourceTable: Sendable {
    private struct State {
        var handlers: [String: ResourceHandler] = [:]
        var order: [String] = []
        var generation = 0
    }

    private let state: Mutex<State>

    init(_ handlers: [ResourceHandler]) {
        var initial = State()
        for handler in handlers {
            if initial.handlers.updateValue(handler, forKey: handler.resourceId) == nil {
                initial.order.append(handler.resourceId)
            }
        }
        state = Mutex(initial)
    }

    /// Adds or replaces a handler; returns the new generation.
    func add(_ handler: ResourceHandler) -> Int {
        state.withLock { state in
            if state.handlers.updateValue(handler, forKey: handler.resourceId) == nil {
                state.order.append(handler.resourceId)
            }
            state.generation += 1
            return state.generation
        }
    }

    func handler(for resourceId: String) -> ResourceHandler? {
        state.withLock { $0.handlers[resourceId] }
    }

    /// The ids as RegisterRM sends them (comma-separated, in the order added) and their generation.
    var registration: (resourceIds: String, generation: Int) {
        state.withLock { ($0.order.joined(separator: ","), $0.generation) }
    }

    var generation: Int {
        state.withLock { $0.generation }
    }
}
