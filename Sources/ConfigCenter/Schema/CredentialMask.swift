/// Credentials written inside values that are not secrets themselves: the password of a URL's
/// user part (`redis://:pw@host`, `mysql://user:pw@host`) and password-like parameters of a
/// connection string (`jdbc:mysql://h/db?user=u&password=pw`, `…;password=pw;…`).
///
/// Every output shows such a value with the credential replaced by `<redacted>` and the rest
/// kept, so the host and the other parameters can still be checked.
public enum CredentialMask {
    /// Parameter names whose values are credentials (compared case-insensitively).
    static let parameterNames = ["password", "passwd", "pwd", "secret", "token", "accesskey", "secretkey"]

    /// `value` with each credential replaced by `<redacted>`; unchanged when it holds none.
    public static func mask(_ value: String) -> String {
        guard value.contains("=") || value.contains("@") else { return value }
        return maskParameters(maskUserInfo(value))
    }

    /// Whether `value` holds a credential that `mask` would hide.
    public static func containsCredentials(_ value: String) -> Bool { mask(value) != value }

    /// `scheme://user:password@host` → `scheme://user:<redacted>@host`, for each URL in the value.
    private static func maskUserInfo(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            // The authority ends at the first /, ?, #, space, comma or ;.
            let end = rest.firstIndex { "/?# ,;".contains($0) } ?? rest.endIndex
            let authority = rest[..<end]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":"),
                authority.index(after: colon) < at
            {
                result += authority[...colon] + ConfigSchema.redacted + authority[at...]
            } else {
                result += authority
            }
            rest = rest[end...]
        }
        return result + rest
    }

    /// `password=secret` → `password=<redacted>`, the value ending at `&`, `;`, `,`, a space or
    /// the end.
    private static func maskParameters(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let equals = rest.firstIndex(of: "=") {
            let before = rest[..<equals]
            let nameStart =
                before.lastIndex { "?&;, ".contains($0) }.map { before.index(after: $0) } ?? before.startIndex
            let name = before[nameStart...].lowercased()
            result += rest[...equals]
            rest = rest[rest.index(after: equals)...]
            guard parameterNames.contains(name) || name.hasSuffix("password") else { continue }
            let end = rest.firstIndex { "&;, ".contains($0) } ?? rest.endIndex
            if end > rest.startIndex { result += ConfigSchema.redacted }
            rest = rest[end...]
        }
        return result + rest
    }
}
