/// Why a value does not fit its key's type, phrased without the value so that a secret never
/// reaches a message: the caller inserts the value, or `<redacted>`.
public struct ValueError: Error, Sendable, Hashable {
    /// Whether the value is of the wrong type, or of the right type but not allowed.
    public enum Kind: Sendable, Hashable {
        /// Not readable as the type at all (`abc` for an integer).
        case wrongType
        /// Readable, but outside the allowed values or range.
        case notAllowed
        /// Leading or trailing whitespace: Seata never trims a value, so `512 ` or ` sync` is not
        /// what it looks like (`Integer.parseInt` throws, a string compare fails).
        case surroundingWhitespace
    }

    /// Whether it is the wrong type or a value not allowed.
    public var kind: Kind
    /// What a fitting value looks like: "an integer", "one of file, db, redis, raft".
    public var expected: String
    /// The value with surrounding whitespace removed would fit (a common copy-paste mistake).
    public var fitsWhenTrimmed: Bool

    /// Makes a value error.
    public init(kind: Kind, expected: String, fitsWhenTrimmed: Bool = false) {
        self.kind = kind
        self.expected = expected
        self.fitsWhenTrimmed = fitsWhenTrimmed
    }

    /// The message for a person, with `shown` (the quoted value, or `<redacted>`) put in:
    /// "expected an integer, got 'abc'" or "'xyz' is not allowed; expected one of a, b".
    public func message(shown: String) -> String {
        switch kind {
        case .wrongType: "expected \(expected), got \(shown)"
        case .notAllowed: "\(shown) is not allowed; expected \(expected)"
        case .surroundingWhitespace:
            "\(shown) has whitespace around it, which Seata does not trim; expected \(expected)"
        }
    }
}
