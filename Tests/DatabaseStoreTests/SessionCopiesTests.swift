import SeataProtocol
import Testing
import TransactionCore

@testable import DatabaseStore

/// The bookkeeping of `SessionCopies`, without a database: which registrations a copy takes in,
/// when it goes, and when copies stop being handed out.
@Suite struct SessionCopiesTests {
    static let session = DatabaseStoreTests.session(1)

    static func branch(_ id: Int64) -> BranchSession { DatabaseStoreTests.branch(id, of: session) }

    @Test func registrationsInTurnAreTakenInWithTheirRowVersions() {
        let copies = SessionCopies()
        copies.opened(Self.session, revision: "100")
        copies.registering(Self.session.xid)
        #expect(copies.toDecide(Self.session.xid) == nil, "a registration has not answered")
        copies.registered(Self.branch(10), .wrote(revision: "101"))
        copies.registering(Self.session.xid)
        copies.registered(Self.branch(11), .nothing)
        let copy = copies.toDecide(Self.session.xid)
        #expect(copy?.branches.map(\.branchId) == [10])
        #expect(copy?.storeRevision == "101")
    }

    @Test func overlappingOrUnknownRegistrationsDropTheCopy() {
        let copies = SessionCopies()
        copies.opened(Self.session, revision: "100")
        copies.registering(Self.session.xid)
        copies.registering(Self.session.xid)
        copies.registered(Self.branch(11), .wrote(revision: "102"))
        #expect(copies.toDecide(Self.session.xid) == nil)
        copies.registered(Self.branch(10), .wrote(revision: "101"))
        #expect(copies.count == 0)

        copies.opened(Self.session, revision: "100")
        copies.registering(Self.session.xid)
        copies.registered(Self.branch(10), .unknown)
        #expect(copies.count == 0)
    }

    @Test func pastCapacityEveryCopyGoes() {
        let copies = SessionCopies(capacity: 3)
        for id in 1...3 { copies.opened(DatabaseStoreTests.session(Int64(id)), revision: "1") }
        #expect(copies.count == 3)
        copies.opened(DatabaseStoreTests.session(4), revision: "1")
        #expect(copies.count == 1)
    }

    /// A quarter of a window's decisions failing on stale copies stops handing them out, but for
    /// probes; a window of good probes trusts them again.
    @Test func staleCopiesStopBeingHandedOutUntilProbesFindThemGood() {
        let copies = SessionCopies()
        let copy = Self.session.withRevision("7")
        for index in 0..<SessionCopies.window {
            copies.decided(on: copy, revision: "7", succeeded: index % 4 != 0)
        }
        #expect(!copies.isTrusted)
        copies.opened(Self.session, revision: "7")
        let handedOut = (0..<SessionCopies.probeEvery).filter { _ in copies.toDecide(Self.session.xid) != nil }
        #expect(handedOut.count == 1)
        // A decision named another version than the copy's: not a decision on the copy.
        for _ in 0..<SessionCopies.window { copies.decided(on: copy, revision: "8", succeeded: true) }
        #expect(!copies.isTrusted)
        for _ in 0..<SessionCopies.window { copies.decided(on: copy, revision: "7", succeeded: true) }
        #expect(copies.isTrusted)
    }
}

extension GlobalSession {
    fileprivate func withRevision(_ revision: String) -> GlobalSession {
        var session = self
        session.storeRevision = revision
        return session
    }
}
