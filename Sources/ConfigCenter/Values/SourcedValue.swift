/// A configuration value as text, with where it came from.
///
/// Values are strings everywhere they are stored (files, znodes, the environment); types live in
/// the schema (`KeySpec.parse(_:)`).
public struct SourcedValue: Sendable, Hashable {
    /// The raw text of the value, exactly as stored.
    public var value: String
    /// Where the value came from.
    public var origin: ConfigOrigin

    /// Makes a value with its origin.
    public init(_ value: String, origin: ConfigOrigin) {
        self.value = value
        self.origin = origin
    }

    /// Whether the value is the schema's default rather than something a person set.
    public var isDefault: Bool {
        switch origin {
        case .schemaDefault, .defaultFrom: true
        default: false
        }
    }
}
