/// A command line that parses but cannot be carried out as given (exit 64).
struct UsageError: Error, CustomStringConvertible {
    /// What is wrong and what to pass instead.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
