import Foundation
import JWTKit

/// The console's login tokens, as Seata's JwtTokenUtils makes them: HS256 JWTs with the user as
/// subject and an expiry `seata.security.tokenValidityInMilliseconds` after login, signed with
/// `seata.security.secretKey` (its UTF-8 bytes).
struct ConsoleTokens: Sendable {
    /// The claims: Seata's (`sub`, `auth`, `exp`) and the issue time.
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        /// Seata's authorities claim (always empty: one user, every right).
        var auth: String

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys: JWTKeyCollection
    let validity: Duration

    init(secretKey: String, validity: Duration) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Array(secretKey.utf8)), digestAlgorithm: .sha256)
        self.validity = validity
    }

    /// A token for `user`, valid for `validity` from now.
    func issue(for user: String, now: Date = Date()) async throws -> String {
        // NumericDate in whole seconds, as jjwt writes it.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let seconds = Double(validity.components.seconds) + Double(validity.components.attoseconds) / 1e18
        let claims = Claims(
            sub: SubjectClaim(value: user),
            exp: ExpirationClaim(value: now.addingTimeInterval(seconds)),
            iat: IssuedAtClaim(value: now),
            auth: ""
        )
        return try await keys.sign(claims)
    }

    /// The user a valid token was issued to; throws for a malformed, forged or expired token (the
    /// error says which, for the log only).
    func user(of token: String) async throws -> String {
        try await keys.verify(token, as: Claims.self).sub.value
    }
}
