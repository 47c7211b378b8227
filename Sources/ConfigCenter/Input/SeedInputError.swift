/// Why a seed input cannot be used: every problem found, each with the place to fix it.
///
/// Nothing is written to ZooKeeper when the input has a problem.
public struct SeedInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem and where it is.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The file (or `<stdin>`).
        public var source: String
        /// The 1-based line, 0 when unknown.
        public var line: Int
        /// The 1-based column, 0 when unknown.
        public var column: Int
        /// The key concerned, when there is one.
        public var key: String?
        /// What is wrong and what to do.
        public var message: String

        /// A problem from its parts.
        public init(source: String, line: Int = 0, column: Int = 0, key: String? = nil, message: String) {
            self.source = source
            self.line = line
            self.column = column
            self.key = key
            self.message = message
        }

        /// `FILE:LINE:COLUMN: message`, the form editors jump to.
        public var description: String {
            let place = line > 0 ? "\(source):\(line):\(max(column, 1))" : source
            return "\(place): \(message)"
        }
    }

    /// Every problem, in the order of the input.
    public var problems: [Problem]

    /// An error from its problems.
    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
