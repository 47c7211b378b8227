/// An optional field that JSON output always carries: `null` when absent, never left out.
///
/// Scripts that read `--format json` may rely on every documented field being there.
/// Swift's synthesized `Encodable` leaves a nil optional out; a property wrapped in this is
/// encoded by its own `encode(to:)`, which writes `null` instead.
@propertyWrapper
public struct JSONNullable<Value: Encodable>: Encodable {
    /// The value, or nil for `null`.
    public var wrappedValue: Value?

    /// Wraps a value (nil becomes `null`).
    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    /// Encodes the value, or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension JSONNullable: Sendable where Value: Sendable {}
