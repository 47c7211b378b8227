/// Why no plan could be made from what the single node holds.
public enum SeedPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The node's text is not readable properties; nothing is merged into it.
    case unreadableNode(path: String, error: PropertiesError)
    /// Merging the input into the node would make it larger than a request may be.
    case nodeTooLarge(SeedInputError.Problem)

    /// What is wrong and what to do.
    public var description: String {
        switch self {
        case .unreadableNode(let path, let error):
            "the properties text in znode \(path) cannot be read, so the input cannot be merged into it: \(error)"
        case .nodeTooLarge(let problem): problem.description
        }
    }
}
