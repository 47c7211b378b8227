/// Why a schema could not be found or used.
public struct ConfigSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the schema came from (a path), or nil when none was found.
    public var source: String?
    /// What is wrong, for a person.
    public var message: String

    /// Makes a schema error.
    public init(source: String?, message: String) {
        self.source = source
        self.message = message
    }

    /// `SOURCE: message`.
    public var description: String {
        source.map { "\($0): \(message)" } ?? message
    }
}
