import Testing
import ZooKeeper
import ZooKeeperTestSupport

/// Digest authentication and ACLs built in Swift, checked against the real server.
@Suite struct AccessTests {
    @Test func digestIDsMatchTheServersHashing() {
        // Values from kazoo.security.make_digest_acl_credential, which hashes like the server.
        #expect(ACLEntry.digestID(user: "user", password: "password") == "user:tpUq/4Pn5A64fVZyQ0gOJ8ZWqkY=")
        #expect(ACLEntry.digestID(user: "seata", password: "s3cr:et ü") == "seata:aShG65yir9nEhxxl1Xky2WnE43c=")
    }

    @Test func presetsAreZooKeepersOwn() {
        #expect([ACLEntry].open.map(\.description) == ["world:anyone:cdrwa"])
        #expect([ACLEntry].readOnly.map(\.description) == ["world:anyone:r"])
        #expect([ACLEntry].creatorAll.map(\.description) == ["auth::cdrwa"])
    }

    @Test func credentialsParseAndHideThePassword() throws {
        let credentials = try #require(DigestCredentials("ops:pa:ss"))
        #expect(credentials.user == "ops")
        #expect(credentials.password == "pa:ss")
        #expect("\(credentials)" == "ops:<redacted>")
        #expect(DigestCredentials("nopassword") == nil)
        #expect(DigestCredentials(":x") == nil)
    }

    @Test func digestACLRefusesOthersAndAdmitsTheUser() async throws {
        let admin = try await TestEnvironment.connect(credentials: DigestCredentials(user: "admin", password: "right"))
        let root = TestEnvironment.uniqueRoot("acl")
        defer {
            Task {
                _ = try? await admin.deleteRecursively(root)
                await admin.close()
            }
        }

        let acl: [ACLEntry] = [.digest(user: "admin", password: "right", permissions: .all), .anyone(.read)]
        try await admin.create(root, data: Array("guarded".utf8), acl: acl)
        let (stored, _) = try await admin.getACL(root)
        #expect(Set(stored) == Set(acl))

        let anonymous = try await TestEnvironment.connect()
        defer { Task { await anonymous.close() } }
        #expect(try await anonymous.get(root).string == "guarded")
        let refused = await #expect(throws: ZooKeeperError.self) {
            try await anonymous.set(root, data: Array("x".utf8))
        }
        #expect(refused?.code == .noAuth)
        #expect(refused?.description.contains("not authenticated for \(root)") == true)

        let wrong = try await TestEnvironment.connect(credentials: DigestCredentials(user: "admin", password: "wrong"))
        defer { Task { await wrong.close() } }
        let wrongError = await #expect(throws: ZooKeeperError.self) { try await wrong.create(root + "/child") }
        #expect(wrongError?.code == .noAuth)

        let stat = try await admin.set(root, data: Array("changed".utf8))
        #expect(stat.version == 1)
        try await admin.create(root + "/mine", acl: .creatorAll)
        let creatorACL = try await admin.getACL(root + "/mine").acl
        #expect(creatorACL == [.digest(user: "admin", password: "right", permissions: .all)])
        let notMine = await #expect(throws: ZooKeeperError.self) { try await anonymous.get(root + "/mine") }
        #expect(notMine?.code == .noAuth)
    }
}
