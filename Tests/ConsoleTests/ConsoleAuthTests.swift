import CoordinatorTestSupport
import Foundation
import JWTKit
import Testing
import ZooKeeperTestSupport

@testable import Coordinator

/// Login and tokens: every console route needs a valid one, a bad one gets the same 401 with
/// nothing in it, the login rate is bounded, the ops endpoints stay open, and the console will
/// not run off loopback with Seata's public defaults.
@Suite(.serialized) struct ConsoleAuthTests {
    static let secret = "a-test-secret-of-at-least-thirty-two-bytes!"

    /// A token signed with `key`, for `user`, expiring at `expiry`.
    private func token(key: String = secret, user: String = "seata", expiry: Date) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Array(key.utf8)), digestAlgorithm: .sha256)
        let claims = ConsoleTokens.Claims(
            sub: SubjectClaim(value: user),
            exp: ExpirationClaim(value: expiry),
            iat: IssuedAtClaim(value: expiry.addingTimeInterval(-60)),
            auth: ""
        )
        return "Bearer " + (try await keys.sign(claims))
    }

    @Test func everyConsoleRouteNeedsAValidTokenAndABadOneLearnsNothing() async throws {
        let scenario = try await ConsoleScenario.start(
            "auth",
            arguments: ["--console-secret-key", Self.secret]
        )
        let port = scenario.coordinator.harness.httpPort
        let valid = try await token(expiry: Date().addingTimeInterval(600))
        #expect(try await ConsoleClient(port: port, token: valid).get("globalSession/query").status == 200)
        #expect(
            try await ConsoleClient(port: port, token: valid.replacingOccurrences(of: "Bearer ", with: ""))
                .get("globalSession/query").status == 401
        )

        let bad: [String?] = [
            nil, "", "Bearer", "Bearer not-a-jwt", "Basic c2VhdGE6c2VhdGE=",
            try await token(expiry: Date().addingTimeInterval(-5)),
            try await token(key: "another-secret-of-at-least-thirty-two-bytes", expiry: Date().addingTimeInterval(600)),
            String(valid.dropLast(3)) + "abc",
        ]
        var bodies: Set<String> = []
        let routes: [(String, String)] = [
            ("GET", "globalSession/query"), ("GET", "globalLock/query"), ("GET", "globalLock/check"),
            ("PUT", "globalSession/stopGlobalSession"), ("DELETE", "globalSession/forceDeleteGlobalSession"),
            ("DELETE", "globalLock/delete"), ("DELETE", "branchSession/deleteBranchSession"),
        ]
        for token in bad {
            for (method, path) in routes {
                let answer = try await ConsoleClient(port: port, token: token).call(method, path, ["xid": "a:1:1"])
                #expect(answer.status == 401 && answer.code == "401", "\(token ?? "none") \(path): \(answer)")
                #expect(answer.body["data"] == nil && answer.headers["www-authenticate"] == "Bearer")
                bodies.insert(answer.text)
            }
        }
        #expect(bodies.count == 1, "the same answer whatever was wrong: \(bodies)")
        #expect(!(bodies.first ?? "").contains("expired") && !(bodies.first ?? "").contains("signature"))
        let log = scenario.coordinator.process.stderrSoFar
        #expect(log.contains("invalid token refused") && !log.contains(Self.secret), "the log says why, not the key")
        await scenario.stop()
    }

    @Test func aWrongPasswordIsRefusedAndTheLoginRateIsBounded() async throws {
        let scenario = try await ConsoleScenario.start(
            "login",
            environment: ["CONSOLE_USER_USERNAME": "operator", "CONSOLE_USER_PASSWORD": "correct horse"],
            login: false
        )
        var client = ConsoleClient(scenario.coordinator)
        let seata = try await client.login("seata", "seata")
        #expect(seata.status == 401 && seata.message == "Login failed" && seata.body["data"] == nil)
        let wrong = try await client.login("operator", "battery staple")
        #expect(wrong.status == 401 && wrong.text == seata.text, "a wrong user and a wrong password look alike")
        let malformed = try await client.send("POST", "/api/v1/auth/login", headers: ["Content-Type": "text/plain"])
        #expect(malformed.status == 400)
        let right = try await client.login("operator", "correct horse")
        #expect(right.status == 200 && (right.body["data"] as? String)?.hasPrefix("Bearer ") == true)
        #expect(right.headers["authorization"] == right.body["data"] as? String)

        // At once, so that a slow machine cannot refill the bucket (a token a second) between them.
        let port = scenario.coordinator.harness.httpPort
        let guesses = try await Self.logins(port: port, password: "guess", count: 15)
        #expect(guesses.contains { $0.status == 429 }, "bounded: \(guesses.map(\.status))")
        let rights = try await Self.logins(port: port, password: "correct horse", count: 5)
        let limited = rights.filter { $0.status == 429 }
        #expect(!limited.isEmpty, "not even the right password: \(rights.map(\.status))")
        #expect(limited.allSatisfy { $0.retryAfter && !$0.token })
        let later = client
        #expect(
            await eventually(timeout: .seconds(5)) {
                var again = later
                return try await again.login("operator", "correct horse").status == 200
            }
        )
        #expect(!scenario.coordinator.process.stderrSoFar.contains("correct horse"))
        await scenario.stop()
    }

    /// A login attempt's outcome.
    struct Attempt: Sendable {
        var status: Int
        var retryAfter: Bool
        var token: Bool
    }

    /// `count` logins as `operator` with `password`, all at once.
    static func logins(port: Int, password: String, count: Int) async throws -> [Attempt] {
        try await withThrowingTaskGroup(of: Attempt.self) { group in
            for _ in 0..<count {
                group.addTask {
                    var client = ConsoleClient(port: port)
                    let answer = try await client.login("operator", password)
                    return Attempt(
                        status: answer.status,
                        retryAfter: answer.headers["retry-after"] != nil,
                        token: answer.body["data"] != nil
                    )
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func theOpsEndpointsAndThePageStayOpenWhileTheAPIIsClosed() async throws {
        let scenario = try await ConsoleScenario.start("open")
        let anonymous = ConsoleClient(scenario.coordinator)
        for path in ["/health", "/ready", "/config", "/metrics", "/", "/console.js", "/console.css", "/openapi.json"] {
            let answer = try await anonymous.send("GET", path, authorized: false)
            #expect(answer.status == 200, "\(path): \(answer.status)")
        }
        let page = try await anonymous.send("GET", "/", authorized: false)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true && page.text.contains("login-form"))
        #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
        #expect(try await anonymous.send("GET", "/api/v1/console/globalSession/query", authorized: false).status == 401)
        await scenario.stop()
    }

    @Test func theConsoleRefusesToStartOffLoopbackWithSeatasPublicDefaults() async throws {
        let client = try await TestEnvironment.connect()
        let root = TestEnvironment.uniqueRoot("console-exposed")
        try await CoordinatorHarness.seed(client, root: root)
        let harness = try CoordinatorHarness(connect: try TestEnvironment.sharedConnectString(), root: root)
        // Nothing is bound: the refusal comes before any port is opened.
        let exposed = try await harness.run(["--http-host", "0.0.0.0", "--console-host", "0.0.0.0"])
        #expect(exposed.status == 78, "\(exposed.stderr)")
        #expect(exposed.stderr.contains("seata.security.secretKey is Seata's published default"))
        #expect(exposed.stderr.contains("console.user.password is Seata's default"))
        let keyOnly = try await harness.run(
            ["--http-host", "0.0.0.0", "--console-host", "0.0.0.0"],
            environment: ["SEATA_SECURITY_SECRETKEY": "", "CONSOLE_USER_PASSWORD": "s3cret"]
        )
        #expect(
            keyOnly.status == 78 && keyOnly.stderr.contains("seata.security.secretKey is empty"),
            "\(keyOnly.stderr)"
        )
        let elsewhere = try await harness.run(["--console-host", "10.1.2.3"])
        #expect(
            elsewhere.status == 78 && elsewhere.stderr.contains("HTTP listens on 127.0.0.1 only"),
            "\(elsewhere.stderr)"
        )
        let notAnAddress = try await harness.run(["--console-host", "console.example"])
        #expect(notAnAddress.status == 64 && notAnAddress.stderr.contains("is not an IP address"))
        _ = try? await client.deleteRecursively(root)
        await client.close()
        try? FileManager.default.removeItem(atPath: harness.workingDirectory)
    }

    @Test func theConsoleAnswersOnlyOnItsAddress() {
        var settings = ConsoleSettings()
        #expect(settings.answers(onLocalAddress: "127.0.0.1") && settings.answers(onLocalAddress: "127.0.0.2"))
        #expect(settings.answers(onLocalAddress: "::1") && !settings.answers(onLocalAddress: "10.0.0.5"))
        #expect(!settings.answers(onLocalAddress: nil))
        settings.host = "10.0.0.5"
        #expect(settings.answers(onLocalAddress: "10.0.0.5") && !settings.answers(onLocalAddress: "127.0.0.1"))
        settings.host = "127.0.0.2"
        #expect(settings.answers(onLocalAddress: "127.0.0.2") && !settings.answers(onLocalAddress: "127.0.0.1"))
        settings.host = "0.0.0.0"
        #expect(settings.answers(onLocalAddress: "10.0.0.5"))
        settings.secretKey = Self.secret
        settings.password = "not the default"
        #expect(settings.problems(httpHost: "0.0.0.0").isEmpty, "a key and a password of its own: fine")
        #expect(ConsoleSettings().problems(httpHost: "0.0.0.0").isEmpty, "on loopback the defaults are fine")
    }
}
