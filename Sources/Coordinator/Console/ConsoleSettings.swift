import CommandLineContract
import Foundation

/// The operators' console as the bootstrap settings describe it: the local address it answers on,
/// its one user (Seata's `console.user.username` / `console.user.password`), and the key and
/// lifetime of its tokens (`seata.security.secretKey`, `seata.security.tokenValidityInMilliseconds`).
public struct ConsoleSettings: Sendable, Hashable {
    /// Seata's `seata.security.secretKey` as its stock `application.yml` ships it: public, so
    /// anyone could sign tokens with it; refused when the console answers off loopback.
    public static let stockSecretKey = "SeataSecretKey0c382ef121d778043159209298fd40bf3850a017"
    /// Seata's default console password.
    public static let stockPassword = "seata"

    /// The local address the console answers on: loopback by default; `0.0.0.0` (or `::`) for
    /// every address the HTTP port listens on.
    public var host = "127.0.0.1"
    /// The console user.
    public var username = "seata"
    /// The console user's password.
    public var password = ConsoleSettings.stockPassword
    /// The HMAC key tokens are signed with (its UTF-8 bytes).
    public var secretKey = ConsoleSettings.stockSecretKey
    /// How long a token is valid after login (Seata: 30 minutes).
    public var tokenValidity: Duration = .milliseconds(1_800_000)
    /// Where the user, password and key came from, for messages (never their values).
    public var origins: [String: String] = [:]

    /// Settings with Seata's defaults, answering on loopback.
    public init() {}

    /// Whether the console answers only on loopback.
    public var isLoopbackOnly: Bool { Self.isLoopback(host) }

    /// Whether `text` is an IP address (v4 or v6) or `localhost`.
    static func isAddress(_ text: String) -> Bool {
        if text == "localhost" { return true }
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static func isWildcard(_ host: String) -> Bool {
        host == "0.0.0.0" || host == "::" || host == "[::]"
    }

    /// Whether a connection that arrived on local address `local` may reach the console: any with
    /// a wildcard; any loopback address for the usual loopback names (127.0.0.1, localhost, ::1);
    /// otherwise exactly the address given.
    func answers(onLocalAddress local: String?) -> Bool {
        guard let local else { return false }
        if Self.isWildcard(host) { return true }
        if ["127.0.0.1", "localhost", "::1"].contains(host) {
            return Self.isLoopback(local) || local.hasPrefix("::ffff:127.")
        }
        return local == host || local == "::ffff:" + host
    }

    /// Why these settings cannot run with an HTTP port listening on `httpHost`; nil when they can.
    ///
    /// Off loopback the console refuses Seata's public key and password (anyone could sign tokens
    /// or log in), and an empty one; and it must be an address the HTTP port listens on.
    func problems(httpHost: String) -> [String] {
        var problems: [String] = []
        if !Self.isWildcard(httpHost) && !Self.isWildcard(host) && !(isLoopbackOnly && Self.isLoopback(httpHost))
            && host != httpHost
        {
            problems.append(
                "the console answers on \(host) (--console-host), but HTTP listens on \(httpHost) only (--http-host); "
                    + "make them the same address, or listen on 0.0.0.0"
            )
        }
        if isLoopbackOnly { return problems }
        if secretKey.isEmpty {
            problems.append(
                "seata.security.secretKey is empty (\(origin(BootstrapKey.consoleSecretKey))), and the console answers "
                    + "on \(host), off loopback: set a key of your own (32 bytes or more)"
            )
        } else if secretKey == Self.stockSecretKey {
            problems.append(
                "seata.security.secretKey is Seata's published default (\(origin(BootstrapKey.consoleSecretKey))), and "
                    + "the console answers on \(host), off loopback, where anyone could sign a token with it: set a key "
                    + "of your own (32 bytes or more), e.g. SEATA_SECURITY_SECRETKEY=$(head -c 32 /dev/urandom | base64)"
            )
        }
        if password.isEmpty || password == Self.stockPassword {
            problems.append(
                "console.user.password is \(password.isEmpty ? "empty" : "Seata's default") "
                    + "(\(origin(BootstrapKey.consolePassword))), and the console answers on \(host), off loopback: "
                    + "set a password of your own (CONSOLE_USER_PASSWORD)"
            )
        }
        return problems
    }

    private func origin(_ key: String) -> String { origins[key] ?? "default" }
}

extension StartupFailure {
    /// The console's settings cannot run.
    static func console(_ problems: [String]) -> StartupFailure {
        StartupFailure(
            exitCode: ExitStatus.invalidConfig.code,
            summary: "The operators' console cannot be served safely:",
            problems: problems,
            action: "Fix the console settings (coordinator --help lists them), or leave --console-host at loopback "
                + "(127.0.0.1) and reach the console through an SSH tunnel."
        )
    }
}
